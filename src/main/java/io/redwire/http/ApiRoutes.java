package io.redwire.http;

import io.redwire.auth.Access;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the routes of every capability, then installs them in the order the pipeline needs:
 * each route's template first (so metrics and logs name the route even when auth or the rate limiter
 * rejects the request), then the shared /api/v1 filters, then the handlers behind their access rule.
 */
public final class ApiRoutes {

  public static final String BASE = "/api/v1";
  /** Context key holding the matched route as an OpenAPI-style template, e.g. /api/v1/counters/{name}. */
  public static final String ROUTE_TEMPLATE = "redwire.route";

  /** One registered route. {@code access} is null for unauthenticated routes outside /api/v1. */
  public record Spec(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
    public String template() {
      return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }
  }

  private final List<Spec> specs = new ArrayList<>();

  /** An /api/v1 route; {@code path} is relative to the base and uses :param placeholders. */
  public void route(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
    specs.add(new Spec(method, BASE + path, access, handler));
  }

  /** An unauthenticated route outside /api/v1 (health, metrics, documents). */
  public void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    specs.add(new Spec(method, path, null, handler));
  }

  public List<Spec> specs() {
    return List.copyOf(specs);
  }

  /**
   * @param apiFilters handlers run for every /api/v1 request before its route (body, auth, rate limit)
   */
  public void install(Router router, List<Handler<RoutingContext>> apiFilters) {
    for (Spec spec : specs) {
      String template = spec.template();
      router.route(spec.method(), spec.path()).handler(ctx -> {
        ctx.put(ROUTE_TEMPLATE, template);
        ctx.next();
      });
    }
    for (Handler<RoutingContext> filter : apiFilters) {
      router.route(BASE + "/*").handler(filter);
    }
    for (Spec spec : specs) {
      var route = router.route(spec.method(), spec.path());
      if (spec.access() != null) {
        Access access = spec.access();
        route.handler(ctx -> {
          access.check(ctx);
          ctx.next();
        });
      }
      route.handler(spec.handler());
    }
  }
}
