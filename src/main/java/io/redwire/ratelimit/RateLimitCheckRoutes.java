package io.redwire.ratelimit;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** POST /api/v1/ratelimit/check: a sliding-window limit on a key of the caller's choosing. */
final class RateLimitCheckRoutes {

  /** A key's sorted set holds up to limit members (one per admitted call, each costing 1 or more): its memory bound. */
  static final long MAX_LIMIT = 1_000_000;
  /** A day: longer windows are quotas, better kept as counters than as one member per call. */
  static final long MAX_WINDOW_MS = 86_400_000;
  private static final Set<String> FIELDS = Set.of("key", "limit", "windowMs", "cost");

  private final RateLimitCheckService checks;

  RateLimitCheckRoutes(RateLimitCheckService checks) {
    this.checks = checks;
  }

  void mount(ApiRoutes api) {
    api.api("/ratelimit").route(HttpMethod.POST, "/check", Access.SERVICE, this::check);
  }

  private void check(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String key = key(in, body.getValue("key"));
    Long limit = in.integer(body, "limit", 1, MAX_LIMIT, null);
    Long windowMs = in.integer(body, "windowMs", 1, MAX_WINDOW_MS, null);
    Long cost = in.integer(body, "cost", 1, MAX_LIMIT, 1L);
    if (limit != null && cost != null && cost > limit) {
      in.fail("cost", "must not exceed limit (" + limit + ")");
    }
    in.done();
    Replies.json(ctx, 200, checks.check(key, limit, windowMs, cost).map(v -> new JsonObject()
        .put("allowed", v.allowed())
        .put("remaining", v.remaining())
        .put("resetMs", v.resetMs())));
  }

  private static String key(Input in, Object value) {
    if (value == null) {
      in.fail("key", "is required");
      return null;
    }
    return in.name("key", value instanceof String s ? s : null);
  }
}
