package io.redwire.ratelimit;

import io.redwire.config.AppConfig;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * The per-principal request quota of /api/v1, shared by every replica through one sliding-window hash
 * per principal. {@link #acquire} spends one request per script call; {@link #lease} takes several at
 * once for {@link QuotaLeases}, and {@link #giveBack} returns what a lease did not use.
 */
public final class PrincipalRateLimiter implements Quota {

  /** The outcome of one request's check; times in milliseconds. */
  public record Decision(boolean allowed, long limit, long remaining, long resetMs, long retryAfterMs) {}

  /**
   * The answer to a lease: {@code granted} requests (0: rejected) counted in window {@code window};
   * {@code remaining} is what is left of the quota after the grant.
   */
  public record Grant(long granted, long remaining, long resetMs, long retryAfterMs, long window) {}

  private final SharedRedis redis;
  private final KeySpace keys;
  private final LuaScript windowScript;
  private final LuaScript returnScript;
  private final long limit;
  private final long windowMs;
  private final String limitArg;
  private final String windowArg;

  public PrincipalRateLimiter(SharedRedis redis, KeySpace keys, LuaScripts scripts, AppConfig.RateLimit config) {
    this.redis = redis;
    this.keys = keys;
    this.windowScript = scripts.get("ratelimit/principal_window");
    this.returnScript = scripts.get("ratelimit/principal_return");
    this.limit = config.limit();
    this.windowMs = config.windowMs();
    this.limitArg = String.valueOf(limit);
    this.windowArg = String.valueOf(windowMs);
  }

  public long limit() {
    return limit;
  }

  public long windowMs() {
    return windowMs;
  }

  /** Spends one request of the principal's quota, or rejects it (then nothing is spent). */
  @Override
  public Future<Decision> acquire(String rateKey) {
    return lease(rateKey, 1).map(g -> new Decision(g.granted() > 0, limit, g.remaining(), g.resetMs(),
        g.retryAfterMs()));
  }

  /** Takes up to {@code wanted} requests of the quota at once; the script never grants more than half of what is left. */
  public Future<Grant> lease(String rateKey, long wanted) {
    return redis.eval(windowScript, List.of(key(rateKey)), List.of(limitArg, windowArg, String.valueOf(wanted)))
        .map(PrincipalRateLimiter::grant);
  }

  /** Returns {@code unused} requests of a lease counted in {@code window}; answers how many went back. */
  public Future<Long> giveBack(String rateKey, long window, long unused) {
    return redis.eval(returnScript, List.of(key(rateKey)), List.of(String.valueOf(window), String.valueOf(unused)))
        .map(Response::toLong);
  }

  /** The hash of one principal's window counts. */
  String key(String rateKey) {
    return keys.key("ratelimit", KeySpace.tag(rateKey));
  }

  private static Grant grant(Response r) {
    return new Grant(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(), r.get(4).toLong());
  }
}
