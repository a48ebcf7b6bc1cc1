package io.redwire.counter;

import io.redwire.domain.Conflict;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.RedisError;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/** Atomic counters (INCRBY), plain or fixed-window (expiring with their window). */
public final class CounterService {

  /** A counter's value; {@code resetsInMs} is -1 for plain counters. */
  public record Count(String name, long value, long resetsInMs) {}

  private final SharedRedis redis;
  private final CounterKeys keys;
  private final LuaScript incrWindow;

  public CounterService(SharedRedis redis, KeySpace keySpace, LuaScripts scripts) {
    this.redis = redis;
    this.keys = new CounterKeys(keySpace);
    this.incrWindow = scripts.get("counter/incr_window");
  }

  public Future<Count> incr(String name, long by) {
    // as text: the client's Request.arg(long) garbles Long.MIN_VALUE and adds a NUL to some values above 2^53
    return redis.send(Request.cmd(Command.INCRBY).arg(keys.counter(name)).arg(String.valueOf(by)))
        .map(r -> new Count(name, r.toLong(), -1))
        .recover(CounterService::overflow);
  }

  public Future<Count> incr(String name, long by, long windowSeconds) {
    return redis.eval(incrWindow, List.of(keys.windowed(name, windowSeconds)),
            List.of(String.valueOf(by), String.valueOf(windowSeconds * 1000)))
        .map(r -> new Count(name, r.get(0).toLong(), r.get(1).toLong()))
        .recover(CounterService::overflow);
  }

  public Future<Count> get(String name) {
    return redis.send(Command.GET, keys.counter(name)).map(r -> new Count(name, r == null ? 0 : r.toLong(), -1));
  }

  /** The current window's value; 0 and no reset time when the window has not started. */
  public Future<Count> get(String name, long windowSeconds) {
    String key = keys.windowed(name, windowSeconds);
    return redis.batch(List.of(Request.cmd(Command.GET).arg(key), Request.cmd(Command.PTTL).arg(key)))
        .map(rs -> toWindowCount(name, rs));
  }

  private static Count toWindowCount(String name, List<Response> rs) {
    Response value = rs.get(0);
    long ttl = rs.get(1).toLong();
    return value == null ? new Count(name, 0, 0) : new Count(name, value.toLong(), Math.max(ttl, 0));
  }

  private static Future<Count> overflow(Throwable err) {
    if (err instanceof RedisError e && e.getMessage() != null && e.getMessage().contains("overflow")) {
      return Future.failedFuture(new Conflict("The counter would overflow a signed 64-bit integer"));
    }
    return Future.failedFuture(err);
  }
}
