package io.redwire.http;

import io.redwire.config.AppConfig;
import io.redwire.ops.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/** Assembles the router: metrics, routes behind the /api/v1 filters, static pages, problem errors. */
public final class HttpRouter {

  private HttpRouter() {}

  /**
   * @param routes every capability's routes
   * @param authAndLimits handlers for every /api/v1 request after the body is read (auth, rate limit)
   */
  public static Router create(Vertx vertx, ApiRoutes routes, List<Handler<RoutingContext>> authAndLimits,
      AppConfig.Http http, Metrics metrics) {
    Router router = Router.router(vertx);
    if (http.trustForwarded()) {
      // the client address (anonymous rate limits) then comes from X-Forwarded-For, set by the proxy
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    router.route().handler(ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(ar -> metrics.recordHttp(ctx.request().method().name(), routeOf(ctx),
          ctx.response().getStatusCode(), System.nanoTime() - start));
      ctx.next();
    });
    routes.install(router, BodyHandler.create(false).setBodyLimit(http.bodyLimitBytes()), authAndLimits);
    router.route().handler(StaticHandler.create("webroot"));
    router.route().handler(routes.unmatched());

    FailureHandler failures = new FailureHandler(http.retryAfterSeconds());
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }
    return router;
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
