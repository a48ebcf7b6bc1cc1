package io.redwire.ops;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.redwire.redis.RedisEndpoints;
import io.redwire.redis.SharedRedis;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** /api/v1/admin: keyspace browsing with SCAN (never KEYS) and Redis figures from INFO. */
final class AdminRoutes {

  private static final String MAX_CURSOR = Long.toUnsignedString(-1L);

  private final RedisEndpoints redis;
  private final String keyPrefix;

  AdminRoutes(RedisEndpoints redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  void mount(ApiRoutes api) {
    api.api("/admin")
        .route(HttpMethod.GET, "/keys", Access.ADMIN, this::keys)
        .route(HttpMethod.GET, "/redis", Access.ADMIN, this::redis);
  }

  private void keys(RoutingContext ctx) {
    Input in = Input.check();
    String match = ctx.queryParams().get("match");
    if (match != null && (match.isEmpty() || match.length() > 256)) {
      in.fail("match", "must be 1-256 characters");
    }
    long count = in.queryLong(ctx, "count", 1, 1000, 100);
    SharedRedis endpoint = endpoint(ctx, in);
    String cursor = scanCursor(ctx, in, endpoint);
    in.done();
    String pattern = keyPrefix + (match == null ? "*" : match);
    Replies.json(ctx, 200, endpoint.scan(cursor, pattern, count).map(page -> {
      JsonArray keys = new JsonArray();
      for (String k : page.keyNames()) {
        keys.add(k.substring(keyPrefix.length()));
      }
      return new JsonObject().put("cursor", page.cursor()).put("keys", keys);
    }));
  }

  /**
   * {@code ?cursor=}, default 0: SCAN cursors are unsigned 64-bit, and Redis answers anything beyond
   * 2^64-1 with an error reply, so that is a 400 here rather than a 500 from Redis. On a cluster the
   * cursor is {@code <master>-<cursor>} (what a previous call returned), its master's part bounded alike.
   */
  private static String scanCursor(RoutingContext ctx, Input in, SharedRedis endpoint) {
    String raw = ctx.queryParams().get("cursor");
    if (raw == null) {
      return "0";
    }
    if (endpoint.isCluster()) {
      if (endpoint.isScanCursor(raw) && unsigned64(raw.substring(raw.indexOf('-') + 1)) != null) {
        return raw;
      }
      in.fail("cursor", "must be the cursor a previous call returned (0, or <master>-<cursor> on a cluster)");
      return "0";
    }
    String cursor = unsigned64(raw);
    if (cursor != null) {
      return cursor;
    }
    in.fail("cursor", "must be the cursor a previous call returned (0 to " + MAX_CURSOR + ")");
    return "0";
  }

  /** The decimal number without leading zeros when it is an unsigned 64-bit one, else null. */
  private static String unsigned64(String digits) {
    if (digits.matches("[0-9]{1,20}")) {
      try {
        return Long.toUnsignedString(Long.parseUnsignedLong(digits));
      } catch (NumberFormatException tooLarge) {
        return null;
      }
    }
    return null;
  }

  private void redis(RoutingContext ctx) {
    Input in = Input.check();
    SharedRedis endpoint = endpoint(ctx, in);
    in.done();
    Replies.json(ctx, 200, endpoint.infoOfEveryNode().map(nodes -> RedisStats.toJson(nodes)
        .put("endpoint", endpoint.name())));
  }

  /** {@code ?endpoint=durable|cache}, default durable. */
  private SharedRedis endpoint(RoutingContext ctx, Input in) {
    String which = ctx.queryParams().get("endpoint");
    if (which == null || which.equals("durable")) {
      return redis.durable();
    }
    if (which.equals("cache")) {
      return redis.cache();
    }
    in.fail("endpoint", "must be durable or cache");
    return redis.durable();
  }
}
