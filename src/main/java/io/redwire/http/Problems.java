package io.redwire.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Writes problem documents; the problem type URIs and titles live here. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://redwire.dev/problems/";
  /** How long an answered request's unread body is drained before its connection closes. */
  private static final long LINGER_MS = 1000;
  /** RFC 9110 section 15 reason phrases: the title of each status' problem. */
  private static final Map<Integer, String> PHRASES = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(412, "Precondition Failed"), Map.entry(413, "Content Too Large"),
      Map.entry(414, "URI Too Long"), Map.entry(431, "Request Header Fields Too Large"),
      Map.entry(415, "Unsupported Media Type"), Map.entry(426, "Upgrade Required"), Map.entry(429, "Too Many Requests"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(503, "Service Unavailable"));

  private Problems() {}

  public static String type(String slug) {
    return TYPE_BASE + slug;
  }

  /** The status' reason phrase, e.g. "Method Not Allowed". */
  public static String title(int status) {
    return PHRASES.getOrDefault(status, "Error");
  }

  /**
   * Writes the problem. A request answered before its body was read (refused by auth or the rate
   * limit, too large, too slow) has its body drained and discarded for a moment, then its connection
   * closed: the server never buffers it, and closing at once could reset the connection under the
   * client's feet before it read the answer.
   */
  public static void write(RoutingContext ctx, ProblemException problem) {
    var response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean bodyUnread = !request.isEnded() && hasBody(request);
    boolean close = bodyUnread || "close".equalsIgnoreCase(problem.headers().get("Connection"));
    problem.headers().forEach(response::putHeader);
    if (close) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    JsonObject body = problem.toJson(request.path());
    var written = response.setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(Replies.encode(body));
    if (!request.isEnded()) {
      // paused until the body was to be read: let the rest through, to nowhere
      request.handler(ignored -> {});
      request.resume();
    }
    if (close) {
      HttpConnection connection = request.connection();
      if (bodyUnread) {
        request.endHandler(v -> connection.close());
        ctx.vertx().setTimer(LINGER_MS, t -> connection.close());
      } else {
        written.onComplete(v -> connection.close());
      }
    }
  }

  /**
   * For requests the HTTP decoder could not make sense of (bad framing, a head too long): a problem
   * document, after which the server closes the connection, so nothing after them is read as a request.
   */
  public static void writeInvalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String detail = status == 400
        ? "The request is not valid HTTP/1.1" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())
        : "The request's " + (status == 414 ? "line" : "headers") + " are longer than this server accepts";
    JsonObject body = new JsonObject().put("type", status == 400 ? type("bad-framing") : "about:blank")
        .put("title", title(status)).put("status", status).put("detail", detail);
    request.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(Replies.encode(body));
  }

  private static boolean hasBody(HttpServerRequest request) {
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
        || BodyReading.declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH)) != 0;
  }
}
