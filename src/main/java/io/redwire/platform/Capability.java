package io.redwire.platform;

import io.redwire.http.ApiRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One thing redwire does (sessions, locks, queues, ...), as the application sees it: its routes, the
 * filters it puts in front of every API route, the verticles it needs and what it must close. A
 * capability is built once from the {@link Platform}; the application is a list of them
 * ({@code RedwireApp.capabilities}), and that list's order is the order routes and filters are
 * installed and verticles deployed (undeployed and closed in reverse).
 */
public interface Capability {

  /**
   * Registers the routes, each group under its own prefix (one sub-router per prefix). Called once for
   * every HTTP verticle, on its event loop, so handlers may keep per-event-loop state.
   */
  default void routes(ApiRoutes routes) {}

  /**
   * Handlers every {@code /api/v1} request passes, in list order, before its route's access rule (who is
   * calling, rate limits). Called once per HTTP verticle, on its event loop. A new global filter costs
   * every request: measure it on the counter benchmark.
   */
  default List<Handler<RoutingContext>> apiFilters() {
    return List.of();
  }

  /** Verticles to deploy, after those of the capabilities before it and before the HTTP verticles. */
  default List<VerticleSpec> verticles() {
    return List.of();
  }

  /** Releases what it owns (clients of its own, timers); runs after every verticle is undeployed. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
