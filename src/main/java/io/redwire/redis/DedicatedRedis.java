package io.redwire.redis;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.TimeUnit;

/**
 * A Redis client of its own, for commands that hold a connection while they wait: blocking pops
 * (BLMOVE), stream reads (XREADGROUP BLOCK). Each such command takes one of its few pooled connections
 * for as long as it blocks, so it can never starve the shared client's lanes nor another owner's.
 * {@link #close()} aborts the commands in flight at once (they fail), which is how a worker stops
 * without waiting out its block timeout.
 *
 * <p>An owner that sends many short commands (a queue worker's scripts) sends them {@link #pipelined}: on
 * one long-lived connection of this client per event loop, many in flight, the way the shared client's
 * lanes work ({@link PipelinedLane}), so they never wait for a pooled connection one by one.
 */
public final class DedicatedRedis {

  private final String name;
  private final Redis client;
  private final long timeoutMs;
  private final Backoff backoff;
  private final FastThreadLocal<PipelinedLane> lanes = new FastThreadLocal<>();
  private volatile boolean closed;

  DedicatedRedis(String name, Redis client, long timeoutMs, Backoff backoff) {
    this.name = name;
    this.client = client;
    this.timeoutMs = timeoutMs;
    this.backoff = backoff;
  }

  public String name() {
    return name;
  }

  /** A command that answers at once, with the configured command timeout. */
  public Future<Response> send(Request request) {
    return guard(client.send(request), request, timeoutMs);
  }

  /**
   * A command that answers at once, pipelined on this event loop's own connection of the client (it holds
   * one of the client's connections for good); off an event loop it goes through the pool like
   * {@link #send}. Never for blocking commands: they would stall everything pipelined behind them.
   */
  public Future<Response> pipelined(Request request) {
    if (!SharedRedis.onEventLoop()) {
      return send(request);
    }
    PipelinedLane lane = lanes.get();
    if (lane == null) {
      Context loop = Vertx.currentContext();
      // the cluster and sentinel clients may complete a connect elsewhere: the lane's state is its loop's
      lane = new PipelinedLane(name, () -> CallerContext.handBack(client.connect(), loop), backoff);
      lanes.set(lane);
    }
    return guard(lane.send(request), request, timeoutMs);
  }

  /**
   * A command that may block server-side for up to {@code blockMs} (its own BLOCK or timeout argument);
   * it fails when no reply came within that plus the configured command timeout.
   */
  public Future<Response> blocking(Request request, long blockMs) {
    return guard(client.send(request), request, blockMs + timeoutMs);
  }

  /** True once {@link #close()} was called: a failure after it is the abort, not an outage. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes every connection; commands in flight fail at once. */
  public Future<Void> close() {
    closed = true;
    return client.close();
  }

  /** The reply comes back on the caller's context ({@link CallerContext}). */
  private Future<Response> guard(Future<Response> reply, Request request, long timeout) {
    Context caller = Vertx.currentContext();
    return CallerContext.handBack(reply.timeout(timeout, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(
            SharedRedis.classify(name, err, request.command().toString(), timeout))), caller);
  }
}
