package io.redwire.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes problem documents; the problem type URIs live here. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://redwire.dev/problems/";

  private Problems() {}

  public static String type(String slug) {
    return TYPE_BASE + slug;
  }

  public static void write(RoutingContext ctx, ProblemException problem) {
    var response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    problem.headers().forEach(response::putHeader);
    JsonObject body = problem.toJson(ctx.request().path());
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(Replies.encode(body));
  }
}
