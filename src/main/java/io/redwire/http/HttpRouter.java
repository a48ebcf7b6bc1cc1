package io.redwire.http;

import io.redwire.config.AppConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the router: request checks and metrics first, then the capabilities' routes behind the API
 * filters, then 404/405, and problem documents for every failure.
 */
public final class HttpRouter {

  /** The methods the API knows; anything else is 501 and is counted as OTHER in metrics. */
  static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private static final Logger ACCESS = LoggerFactory.getLogger("redwire.access");

  private HttpRouter() {}

  /**
   * @param routes every capability's routes
   * @param apiFilters handlers for every /api/v1 request before its access rule (auth, rate limit)
   * @param guard this event loop's connection guard, told when each response ends
   */
  public static Router create(Vertx vertx, ApiRoutes routes, List<Handler<RoutingContext>> apiFilters,
      AppConfig.Http http, HttpMetrics metrics, ConnectionGuard guard) {
    Router router = Router.router(vertx);
    if (http.trustForwarded()) {
      // the client address (anonymous rate limits) then comes from X-Forwarded-For, set by the proxy
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    boolean accessLog = http.accessLog();
    router.route().handler(ctx -> {
      long start = System.nanoTime();
      String requestId = RequestIds.of(ctx.request().getHeader(RequestIds.HEADER));
      ctx.put(RequestIds.CONTEXT_KEY, requestId);
      ctx.response().putHeader(RequestIds.HEADER, requestId);
      ctx.addEndHandler(ar -> {
        guard.requestEnded(ctx.request().connection());
        long nanos = System.nanoTime() - start;
        metrics.record(methodLabel(ctx.request().method()), routeOf(ctx), ctx.response().getStatusCode(), nanos);
        if (accessLog) {
          logAccess(ctx, requestId, nanos);
        }
      });
      RequestChecks.check(ctx, KNOWN_METHODS);
      ctx.next();
    });
    if (!http.corsAllowedOrigins().isEmpty()) {
      router.route().handler(new Cors(http.corsAllowedOrigins()));
    }
    BodyReading body = new BodyReading(guard, http.bodyLimitBytes());
    routes.install(vertx, router, body, apiFilters);
    router.route().handler(routes.unmatched());

    FailureHandler failures = new FailureHandler(http.retryAfterSeconds());
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 401, 403, 404, 405, 408, 413, 415, 500, 501}) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  /** One line per request; tokens in the path or query are redacted, the body is never logged. */
  private static void logAccess(RoutingContext ctx, String requestId, long nanos) {
    String method = methodLabel(ctx.request().method());
    String uri = Redaction.uri(ctx.request().uri());
    int status = ctx.response().getStatusCode();
    double ms = nanos / 1_000_000.0;
    var remote = ctx.request().remoteAddress();
    ACCESS.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("uri", uri)
        .addKeyValue("status", status)
        .addKeyValue("durationMs", Math.round(ms * 1000) / 1000.0)
        .addKeyValue("bytes", ctx.response().bytesWritten())
        .addKeyValue("requestId", requestId)
        .addKeyValue("client", remote == null ? null : remote.hostAddress())
        .log("{} {} {} {} ms id={}", method, uri, status, String.format(java.util.Locale.ROOT, "%.3f", ms), requestId);
  }

  /** Only known methods become label values, so a scanner's made-up methods cannot grow /metrics. */
  static String methodLabel(HttpMethod method) {
    return KNOWN_METHODS.contains(method) ? method.name() : "OTHER";
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
