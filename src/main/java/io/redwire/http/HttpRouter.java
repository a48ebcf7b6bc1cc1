package io.redwire.http;

import io.redwire.config.AppConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/** Assembles the router: metrics, routes behind the /api/v1 filters, problem errors. */
public final class HttpRouter {

  /** Bodies that declare at most this many bytes get a buffer of their exact size (most API bodies). */
  static final int EXACT_BODY_BUFFER_MAX = 4096;

  private HttpRouter() {}

  /**
   * @param routes every capability's routes
   * @param apiFilters handlers for every /api/v1 request after the body is read (auth, rate limit)
   */
  public static Router create(Vertx vertx, ApiRoutes routes, List<Handler<RoutingContext>> apiFilters,
      AppConfig.Http http, HttpMetrics metrics) {
    Router router = Router.router(vertx);
    if (http.trustForwarded()) {
      // the client address (anonymous rate limits) then comes from X-Forwarded-For, set by the proxy
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.route().handler(ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(ar -> metrics.record(ctx.request().method().name(), routeOf(ctx),
          ctx.response().getStatusCode(), System.nanoTime() - start));
      ctx.next();
    });
    routes.install(vertx, router, bodyHandler(http.bodyLimitBytes()), apiFilters);
    router.route().handler(routes.unmatched());

    FailureHandler failures = new FailureHandler(http.retryAfterSeconds());
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  /**
   * Reads request bodies up to the limit. A body that declares a small Content-Length is read into a buffer
   * of exactly that size; any other starts at Vert.x' 1 KiB and grows, so a client cannot make the server
   * reserve more than {@link #EXACT_BODY_BUFFER_MAX} bytes for a body it then never sends.
   */
  static Handler<RoutingContext> bodyHandler(long limitBytes) {
    BodyHandler growing = BodyHandler.create(false).setBodyLimit(limitBytes);
    BodyHandler exact = BodyHandler.create(false).setBodyLimit(limitBytes).setPreallocateBodyBuffer(true);
    return ctx -> {
      long declared = declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
      (declared >= 0 && declared <= EXACT_BODY_BUFFER_MAX ? exact : growing).handle(ctx);
    };
  }

  /** The Content-Length header's value, or -1 when absent or not a plain small number. */
  static long declaredLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String routeOf(RoutingContext ctx) {
    String template = ctx.get(ApiRoutes.ROUTE_TEMPLATE);
    if (template != null) {
      return template;
    }
    // unknown paths share one label, so scanners cannot blow up metric cardinality
    int status = ctx.response().getStatusCode();
    return status == 404 || status == 405 ? "unmatched" : "other";
  }
}
