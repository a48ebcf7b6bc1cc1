package io.redwire.ratelimit;

import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Sliding-window limits that other services check for keys of their own (one sorted set of admitted
 * calls per key and window, {@code lua/ratelimit/check.lua}); on the cache endpoint like the principal
 * quota. Exact: a call is admitted when its cost fits in what the calls of the last window left, and a
 * denied call counts for nothing.
 */
public final class RateLimitCheckService {

  /**
   * The answer to one check.
   *
   * @param remaining units left in the window after this call (0 when the limit is reached)
   * @param resetMs milliseconds until the oldest call still counted leaves the window, which is when
   *     {@code remaining} next grows (by that call's cost); after an allowed call that may be this call
   */
  public record Verdict(boolean allowed, long remaining, long resetMs) {}

  private final SharedRedis redis;
  private final RateLimitKeys keys;
  private final LuaScript checkScript;

  public RateLimitCheckService(SharedRedis redis, KeySpace keySpace, LuaScripts scripts) {
    this.redis = redis;
    this.keys = new RateLimitKeys(keySpace);
    this.checkScript = scripts.get("ratelimit/check");
  }

  /** Spends {@code cost} (1..limit) of {@code limit} units per {@code windowMs} on {@code key}, or denies it. */
  public Future<Verdict> check(String key, long limit, long windowMs, long cost) {
    return redis.eval(checkScript, List.of(keys.check(key, windowMs)),
            List.of(String.valueOf(limit), String.valueOf(windowMs), String.valueOf(cost)))
        .map(RateLimitCheckService::verdict);
  }

  private static Verdict verdict(Response r) {
    return new Verdict(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong());
  }
}
