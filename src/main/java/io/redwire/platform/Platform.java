package io.redwire.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redwire.config.AppConfig;
import io.redwire.redis.DedicatedRedis;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.RedisEndpoints;
import io.redwire.redis.RedisFactory;
import io.redwire.redis.RedisSubscriber;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every capability is built from: Vert.x, the configuration, the Redis endpoints with their
 * connection roles, the key space, the Lua scripts, metrics and the clock. Created once per replica by
 * {@code RedwireApp} after the shared clients answered, closed after every capability.
 *
 * <p>Connection roles, so that nothing can stall the HTTP hot path:
 * <ul>
 *   <li>{@link #durable()} / {@link #cache()}: the shared pipelined clients, for commands that answer at
 *       once (they refuse blocking and subscribe commands);</li>
 *   <li>{@link #dedicated}: a client of one's own for blocking pops and stream reads;</li>
 *   <li>{@link #subscriber()}: the replica's one Pub/Sub connection, reference counted per channel.</li>
 * </ul>
 */
public final class Platform {

  private final Vertx vertx;
  private final AppConfig config;
  private final RedisEndpoints redis;
  private final KeySpace keys;
  private final LuaScripts scripts;
  private final PrometheusMeterRegistry metrics;
  private final Clock clock;
  private final RedisSubscriber subscriber;
  private final List<DedicatedRedis> dedicated = new CopyOnWriteArrayList<>();

  public Platform(Vertx vertx, AppConfig config, RedisEndpoints redis, PrometheusMeterRegistry metrics, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.redis = redis;
    this.keys = new KeySpace(config.redis().keyPrefix());
    this.scripts = new LuaScripts();
    this.metrics = metrics;
    this.clock = clock;
    // the durable endpoint carries the channels: lock releases now, notifications next
    this.subscriber = RedisFactory.subscriber(vertx, "durable", "shared", redis.durable().target(),
        config.redis(), metrics);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The whole configuration; each capability reads its own section. */
  public AppConfig config() {
    return config;
  }

  /** Queues, streams, profiles, leaderboards, locks (noeviction, persisted). */
  public SharedRedis durable() {
    return redis.durable();
  }

  /** Sessions, counters, rate limits, visitor sets (may evict); the durable endpoint when none is configured. */
  public SharedRedis cache() {
    return redis.cache();
  }

  public RedisEndpoints endpoints() {
    return redis;
  }

  /** Every key goes through it (the configured prefix); capabilities build theirs in one key class each. */
  public KeySpace keySpace() {
    return keys;
  }

  /** Lua scripts, read from {@code src/main/resources/lua/} once; ask for them at construction. */
  public LuaScripts scripts() {
    return scripts;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public Clock clock() {
    return clock;
  }

  /** The replica's shared Pub/Sub connection on the durable endpoint. */
  public RedisSubscriber subscriber() {
    return subscriber;
  }

  /**
   * A Pub/Sub client of its own on the durable endpoint (the WebSocket bridge's), named by {@code role} in
   * metrics; its owner starts and closes it.
   */
  public RedisSubscriber newSubscriber(String role) {
    return RedisFactory.subscriber(vertx, "durable", role, redis.durable().target(), config.redis(), metrics);
  }

  /**
   * A client of its own on {@code endpoint} with {@code connections} connections, for commands that hold
   * a connection while they wait (BLMOVE, XREADGROUP BLOCK). Its owner closes it (which aborts a blocked
   * call); whatever is still open when the platform closes is closed then.
   */
  public DedicatedRedis dedicated(String name, SharedRedis endpoint, int connections) {
    DedicatedRedis client = RedisFactory.dedicated(vertx, name, endpoint, config.redis(), connections);
    dedicated.add(client);
    return client;
  }

  /**
   * Called by the application once, before any capability is built: settles the subscriber's mode (on a
   * cluster, whether Pub/Sub is sharded), which publishers ask for with {@code subscriber().publishCommand()}.
   */
  public Future<Void> start() {
    return subscriber.start();
  }

  /** Called by the application after every capability closed. */
  public Future<Void> close() {
    List<Future<Void>> closing = new java.util.ArrayList<>();
    closing.add(subscriber.close());
    dedicated.stream().filter(d -> !d.isClosed()).forEach(d -> closing.add(d.close()));
    return Future.join(closing).mapEmpty();
  }
}
