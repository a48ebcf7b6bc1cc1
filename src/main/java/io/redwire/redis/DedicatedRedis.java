package io.redwire.redis;

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
 */
public final class DedicatedRedis {

  private final String name;
  private final Redis client;
  private final long timeoutMs;
  private volatile boolean closed;

  DedicatedRedis(String name, Redis client, long timeoutMs) {
    this.name = name;
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  public String name() {
    return name;
  }

  /** A command that answers at once, with the configured command timeout. */
  public Future<Response> send(Request request) {
    return guard(client.send(request), request, timeoutMs);
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
