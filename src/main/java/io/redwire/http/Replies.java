package io.redwire.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;

/** JSON success responses; failures go to the router's failure handler. */
public final class Replies {

  /**
   * Jackson's streaming writer: the same JSON as {@code JsonObject.toBuffer()} (which goes through
   * databind) with a fraction of the garbage per response.
   */
  private static final JacksonCodec STREAMING_JSON = new JacksonCodec();

  private Replies() {}

  /** Whole seconds for a client, rounded up: "resets in 0 s" would invite a retry too early. */
  public static long secondsRoundedUp(long ms) {
    return (ms + 999) / 1000;
  }

  /** The body as JSON bytes. */
  public static Buffer encode(JsonObject body) {
    try {
      return STREAMING_JSON.toBuffer(body, false);
    } catch (EncodeException e) {
      return body.toBuffer(); // a value only databind knows how to write
    }
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(encode(body));
  }

  public static void noContent(RoutingContext ctx) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(204).end();
    }
  }

  /** Completes the request with the future's JSON or fails it into the failure handler. */
  public static void json(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  public static void noContent(RoutingContext ctx, Future<?> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        noContent(ctx);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
