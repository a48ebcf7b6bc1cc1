package io.redwire.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * CORS for the configured origins (or {@code *}). A request from an allowed origin gets
 * {@code Access-Control-Allow-Origin} and the headers a page may read; a preflight from one is answered
 * 204 with the methods and headers it may use. A request from any other origin is served exactly as
 * if CORS did not exist (no 403: a non-browser client may send any Origin, and the browser is the one
 * that enforces CORS). Credentials are never allowed: the API takes bearer tokens, not cookies.
 */
final class Cors implements Handler<RoutingContext> {

  static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
  static final String EXPOSED_HEADERS = "ETag, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
      + "RateLimit-Policy, RateLimit, Retry-After, X-Request-Id, Allow, WWW-Authenticate";
  /** How long a browser may cache a preflight answer. */
  static final String MAX_AGE_SECONDS = "600";

  private final boolean anyOrigin;
  private final Set<String> origins;

  Cors(List<String> allowedOrigins) {
    this.anyOrigin = allowedOrigins.contains("*");
    this.origins = Set.copyOf(allowedOrigins);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !(anyOrigin || origins.contains(origin))) {
      ctx.next();
      return;
    }
    MultiMap headers = ctx.response().headers();
    headers.set("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
    if (!anyOrigin) {
      headers.add("Vary", "Origin");
    }
    boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader("Access-Control-Request-Method") != null;
    if (preflight) {
      headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS)
          .set("Access-Control-Allow-Headers", ALLOWED_HEADERS)
          .set("Access-Control-Max-Age", MAX_AGE_SECONDS);
      ctx.response().setStatusCode(204).end();
      return;
    }
    headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    ctx.next();
  }
}
