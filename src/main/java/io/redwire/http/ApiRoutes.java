package io.redwire.http;

import io.redwire.auth.Access;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Collects the routes of every capability and installs each as one chain: the body handler, its
 * template (so metrics name the route even when auth or the rate limiter rejects the request), the
 * /api/v1 filters (auth, rate limit), its access rule, its handler. A request that matches no route gets 405 with Allow
 * when the path exists for other methods, else 404.
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

    Pattern pathPattern() {
      return Pattern.compile(Pattern.quote(path).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q"));
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
   * @param body the body handler of /api/v1 routes (Vert.x Web wants it before any other handler)
   * @param apiFilters handlers run for every /api/v1 route before its access rule (auth, rate limit)
   */
  public void install(Router router, Handler<RoutingContext> body, List<Handler<RoutingContext>> apiFilters) {
    for (Spec spec : specs) {
      Route route = router.route(spec.method(), spec.path());
      if (spec.access() != null) {
        route.handler(body);
      }
      String template = spec.template();
      route.handler(ctx -> {
        ctx.put(ROUTE_TEMPLATE, template);
        ctx.next();
      });
      if (spec.access() != null) {
        apiFilters.forEach(route::handler);
        Access access = spec.access();
        route.handler(ctx -> {
          access.check(ctx);
          ctx.next();
        });
      }
      route.handler(spec.handler());
    }
  }

  /** The last handler: 405 with Allow when the path exists for other methods, otherwise 404. */
  public Handler<RoutingContext> unmatched() {
    List<Map.Entry<Pattern, HttpMethod>> entries = new ArrayList<>();
    for (Spec spec : specs) {
      entries.add(Map.entry(spec.pathPattern(), spec.method()));
    }
    return ctx -> {
      Set<String> allowed = new TreeSet<>();
      String path = ctx.normalizedPath();
      for (Map.Entry<Pattern, HttpMethod> e : entries) {
        if (e.getKey().matcher(path).matches()) {
          allowed.add(e.getValue().name());
        }
      }
      if (allowed.isEmpty()) {
        ctx.fail(404);
      } else {
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        ctx.fail(405);
      }
    };
  }
}
