package io.redwire.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Collects the routes of every capability and installs them. API routes come in groups, one per
 * capability prefix ({@code /api/v1/counters}, ...), and each group is one sub-router: the root router
 * then tries a handful of prefixes instead of every parameterised route, so a capability's routes do
 * not slow down another's.
 *
 * <p>Each API route is one chain: its template (so metrics name the route even when auth or the rate
 * limiter rejects the request), the API filters (auth, rate limit), its access rule, then its body (so
 * an unauthenticated or refused request never gets its body read), then its handler. A WebSocket route
 * is the same chain without the body. GET routes answer HEAD too. A request that matches no route gets
 * 405 (OPTIONS: 204) with Allow when the path exists for other methods, else 404.
 */
public final class ApiRoutes {

  public static final String BASE = "/api/v1";
  /** Context key holding the matched route as an OpenAPI-style template, e.g. /api/v1/counters/{name}. */
  public static final String ROUTE_TEMPLATE = "redwire.route";

  /** What runs in front of a route's handler. */
  public enum Kind {
    /** outside /api/v1, no auth: health, metrics, documents */
    OPEN,
    /** /api/v1 with body, filters and access rule */
    API,
    /** /api/v1 upgrade to a WebSocket: filters and access rule on the handshake, no body */
    WEBSOCKET,
    /** a WebSocket outside /api/v1 (/ws): filters and access rule on the handshake, no body */
    ROOT_WEBSOCKET
  }

  /**
   * One registered route.
   *
   * @param prefix the group's prefix below /api/v1 ("" for open routes)
   * @param path relative to the prefix, with :param placeholders ("" for the prefix itself)
   * @param access null for open routes
   */
  public record Spec(Kind kind, HttpMethod method, String prefix, String path, AccessRule access,
      Handler<RoutingContext> handler) {

    /** The full path with :param placeholders. */
    public String fullPath() {
      return kind == Kind.OPEN || kind == Kind.ROOT_WEBSOCKET ? path : BASE + prefix + path;
    }

    public String template() {
      return fullPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }

    Pattern pathPattern() {
      return Pattern.compile(Pattern.quote(fullPath()).replaceAll(":[A-Za-z0-9_]+", "\\\\E[^/]+\\\\Q"));
    }
  }

  /** The routes under one prefix of /api/v1. */
  public final class Group {
    private final String prefix;

    private Group(String prefix) {
      this.prefix = prefix;
    }

    /** An API route; {@code path} is relative to the group's prefix ("" for the prefix itself). */
    public Group route(HttpMethod method, String path, AccessRule access, Handler<RoutingContext> handler) {
      specs.add(new Spec(Kind.API, method, prefix, path, access, handler));
      return this;
    }

    /**
     * A WebSocket endpoint: GET with the upgrade headers, authenticated and rate limited like any API
     * route, but no body handler runs; the handler upgrades ({@code ctx.request().toWebSocket()}).
     */
    public Group webSocket(String path, AccessRule access, Handler<RoutingContext> handler) {
      specs.add(new Spec(Kind.WEBSOCKET, HttpMethod.GET, prefix, path, access, handler));
      return this;
    }
  }

  private final List<Spec> specs = new ArrayList<>();
  private final List<Runnable> shutdownHooks = new ArrayList<>();

  /**
   * Runs on this HTTP verticle's event loop when it starts to stop, before its server drains: e.g. to close
   * its WebSockets with 1001 so the drain need not wait for them.
   */
  public void onShutdown(Runnable hook) {
    shutdownHooks.add(hook);
  }

  public List<Runnable> shutdownHooks() {
    return List.copyOf(shutdownHooks);
  }

  /** The routes of {@code /api/v1<prefix>}, e.g. {@code api("/counters")}. */
  public Group api(String prefix) {
    if (!prefix.matches("/[a-z0-9-]+")) {
      throw new IllegalArgumentException("a route prefix is one lower-case path segment, got " + prefix);
    }
    return new Group(prefix);
  }

  /**
   * A WebSocket endpoint outside /api/v1 ({@code /ws}): its handshake passes the API filters (who is
   * calling, rate limits) and the access rule like an API route; the handler upgrades.
   */
  public void webSocket(String path, AccessRule access, Handler<RoutingContext> handler) {
    specs.add(new Spec(Kind.ROOT_WEBSOCKET, HttpMethod.GET, "", path, access, handler));
  }

  /** An unauthenticated route outside /api/v1 (health, metrics, documents). */
  public void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    specs.add(new Spec(Kind.OPEN, method, "", path, null, handler));
  }

  public List<Spec> specs() {
    return List.copyOf(specs);
  }

  /**
   * @param body reads API bodies, after the filters and the access rule admitted the request
   * @param apiFilters handlers run for every API and WebSocket route before its access rule
   */
  void install(Vertx vertx, Router root, BodyReading body, List<Handler<RoutingContext>> apiFilters) {
    Map<String, Router> groups = new LinkedHashMap<>();
    for (Spec spec : specs) {
      Route route;
      if (spec.kind() == Kind.OPEN || spec.kind() == Kind.ROOT_WEBSOCKET) {
        route = root.route(spec.method(), spec.path());
      } else if (spec.path().isEmpty()) {
        // a sub-router mounted at /prefix/* sees nothing to match for /prefix itself
        route = root.route(spec.method(), spec.fullPath());
      } else {
        Router group = groups.computeIfAbsent(spec.prefix(), prefix -> {
          Router sub = Router.router(vertx);
          root.route(BASE + prefix + "/*").subRouter(sub);
          return sub;
        });
        route = group.route(spec.method(), spec.path());
      }
      if (spec.method() == HttpMethod.GET && spec.kind() != Kind.WEBSOCKET && spec.kind() != Kind.ROOT_WEBSOCKET) {
        // RFC 9110 9.3.2: HEAD is GET without the body (Vert.x leaves the body out of HEAD responses)
        route.method(HttpMethod.HEAD);
      }
      // few handlers per route: each one is a step of Vert.x Web's routing on every request
      String template = spec.template();
      boolean api = spec.kind() == Kind.API;
      boolean open = spec.kind() == Kind.OPEN;
      route.handler(ctx -> {
        ctx.put(ROUTE_TEMPLATE, template);
        if (!open) {
          // nothing of the body is read until the caller is known and admitted (the filters may call Redis)
          ctx.request().pause();
        }
        ctx.next();
      });
      if (!open) {
        apiFilters.forEach(route::handler);
        AccessRule access = spec.access();
        route.handler(ctx -> {
          access.check(ctx);
          if (api) {
            body.read(ctx);
          } else {
            ctx.next();
          }
        });
      }
      Handler<RoutingContext> handler = spec.handler();
      route.handler(api ? ctx -> {
        body.finished(ctx);
        handler.handle(ctx);
      } : handler);
    }
  }

  /**
   * The last handler: for a path that exists, OPTIONS answers 204 and any other method 405, both with
   * Allow; for any other path, 404.
   */
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
        return;
      }
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      allowed.add("OPTIONS");
      ctx.response().putHeader("Allow", String.join(", ", allowed));
      if (ctx.request().method() == HttpMethod.OPTIONS) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(405);
      }
    };
  }
}
