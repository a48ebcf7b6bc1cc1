package io.redwire.ratelimit;

import io.redwire.config.AppConfig;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;

/** The per-principal request quota of /api/v1: one atomic sliding-window script per request. */
public final class PrincipalRateLimiter {

  /** The outcome of one check; times in milliseconds. */
  public record Decision(boolean allowed, long limit, long remaining, long resetMs, long retryAfterMs) {}

  private final SharedRedis redis;
  private final KeySpace keys;
  private final LuaScript script;
  private final long limit;
  private final long windowMs;
  private final List<String> args;

  public PrincipalRateLimiter(SharedRedis redis, KeySpace keys, LuaScripts scripts, AppConfig.RateLimit config) {
    this.redis = redis;
    this.keys = keys;
    this.script = scripts.get("ratelimit/principal_window");
    this.limit = config.limit();
    this.windowMs = config.windowMs();
    this.args = List.of(String.valueOf(limit), String.valueOf(windowMs));
  }

  public long limit() {
    return limit;
  }

  public long windowMs() {
    return windowMs;
  }

  public Future<Decision> check(String rateKey) {
    return redis.eval(script, List.of(key(rateKey)), args).map(this::decision);
  }

  /** The hash of one principal's window counts. */
  String key(String rateKey) {
    return keys.key("ratelimit", KeySpace.tag(rateKey));
  }

  private Decision decision(Response r) {
    return new Decision(r.get(0).toInteger() == 1, limit, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
  }
}
