package io.redwire.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One event loop's long-lived pipelined connection to one Redis server (many commands in flight,
 * replies matched in order). It reconnects by itself with capped exponential backoff; while it cannot,
 * calls fail at once with {@link RedisUnavailableException} instead of queueing.
 *
 * <p>Only touched from its own event-loop thread, so it needs no locks: the connect callback runs on that
 * thread too (callers whose client completes elsewhere hand it back first), the connection's end handler
 * is brought back to it, and so are its replies.
 */
final class PipelinedLane implements RedisLane {

  private final String endpoint;
  private final Supplier<Future<RedisConnection>> connector;
  private final Backoff backoff;
  /** The event loop it belongs to (it is made there); null only in unit tests. */
  private final Context context = Vertx.currentContext();
  private RedisConnection connection;
  /** Where commands go: the connection under the pool's wrapper, see {@link #unwrapped}. */
  private RedisConnection direct;
  private Future<RedisConnection> connecting;
  private int failures;
  private long retryAtNanos;

  /** @param endpoint how logs and errors name the server ("durable", or "durable 10.0.0.5:6379") */
  PipelinedLane(String endpoint, Supplier<Future<RedisConnection>> connector, Backoff backoff) {
    this.endpoint = endpoint;
    this.connector = connector;
    this.backoff = backoff;
  }

  @Override
  public Future<Response> send(Request request) {
    RedisConnection c = direct;
    return c != null ? c.send(request) : connection().compose(conn -> unwrapped(conn).send(request));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    RedisConnection c = direct;
    return c != null ? c.batch(requests) : connection().compose(conn -> unwrapped(conn).batch(requests));
  }

  @Override
  public boolean isUsable() {
    return direct != null || connecting != null || System.nanoTime() >= retryAtNanos;
  }

  @Override
  public void close() {
    RedisConnection c = connection;
    connection = null;
    direct = null;
    if (c != null) {
      c.close();
    }
  }

  /**
   * The connection commands go on (connecting first when there is none), for callers that must know which
   * connection carried them: WAIT counts the writes of its own connection ({@link AckedLane}).
   */
  Future<RedisConnection> connected() {
    RedisConnection c = direct;
    return c != null ? Future.succeededFuture(c) : connection().map(PipelinedLane::unwrapped);
  }

  /** Drops {@code conn} (as {@link #connected()} gave it) if it is still the lane's; the next call reconnects. */
  void drop(RedisConnection conn) {
    if (connection != null && (connection == conn || direct == conn)) {
      dropped(connection);
    }
  }

  private Future<RedisConnection> connection() {
    if (connecting != null) {
      return connecting;
    }
    if (System.nanoTime() < retryAtNanos) {
      return Future.failedFuture(new RedisUnavailableException(
          "Redis (" + endpoint + ") is unreachable; reconnecting after " + failures + " failed attempt(s)"));
    }
    Future<RedisConnection> attempt = connector.get();
    connecting = attempt;
    attempt.onComplete(ar -> {
      connecting = null;
      if (ar.succeeded()) {
        RedisConnection conn = ar.result();
        failures = 0;
        connection = conn;
        direct = unwrapped(conn);
        WriteCoalescing.install(direct);
        // on sentinel these may run on another thread: the lane's state is its event loop's
        conn.endHandler(v -> onLane(() -> dropped(conn)));
        conn.exceptionHandler(e -> onLane(() -> dropped(conn)));
      } else {
        failures++;
        retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(failures));
      }
    });
    return attempt;
  }

  /**
   * The pool's wrapper builds a metrics-and-tracing reporter for every command (formatting the server's
   * address each time) although redwire installs neither Vert.x metrics nor tracing; its own timers are
   * in SharedRedis. The lane keeps the wrapper for closing and sends on the connection inside it.
   */
  private static RedisConnection unwrapped(RedisConnection conn) {
    // on sentinel, the connection inside the client's failover wrapper (SentinelConnections)
    RedisConnection c = SentinelConnections.delegate(conn);
    return c instanceof PooledRedisConnection pooled ? pooled.actual() : c;
  }

  private void onLane(Runnable action) {
    if (context == null || Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void dropped(RedisConnection conn) {
    if (connection == conn) {
      connection = null;
      direct = null;
      conn.close();
    }
  }
}
