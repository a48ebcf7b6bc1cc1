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
 *
 * <p>On a cluster its commands go, from an event loop, straight to the master of their key's slot on
 * node clients of its own (MOVED and ASK followed, the slot map shared with its endpoint), as the shared
 * client's do: the Vert.x 5.0.7 cluster client can stall for good when its slot map expires while more
 * commands are in flight than it has connections (vertx-redis-client #550). Calls off an event loop use
 * the cluster client.
 */
public final class DedicatedRedis {

  private final String name;
  private final Redis client;
  private final long timeoutMs;
  private final Backoff backoff;
  private final FastThreadLocal<RedisLane> lanes = new FastThreadLocal<>();
  /** On a cluster: the endpoint's slot map and this client's own node clients; else null. */
  private final ClusterRouting routing;
  private final ClusterNodes nodes;
  private final FastThreadLocal<ClusterLanes> pooledLanes = new FastThreadLocal<>();
  private volatile boolean closed;

  DedicatedRedis(String name, Redis client, long timeoutMs, Backoff backoff) {
    this(name, client, timeoutMs, backoff, null, null);
  }

  /** @param routing the endpoint's, and {@code nodes} this client's own, on a cluster (else both null) */
  DedicatedRedis(String name, Redis client, long timeoutMs, Backoff backoff, ClusterRouting routing,
      ClusterNodes nodes) {
    this.name = name;
    this.client = client;
    this.timeoutMs = timeoutMs;
    this.backoff = backoff;
    this.routing = routing;
    this.nodes = nodes;
  }

  public String name() {
    return name;
  }

  /** A command that answers at once, with the configured command timeout. */
  public Future<Response> send(Request request) {
    return guard(pooled(request), request, timeoutMs);
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
    RedisLane lane = lanes.get();
    if (lane == null) {
      lane = routing != null
          ? new ClusterLanes(name, routing, node -> new PipelinedLane(name + " " + node, () -> nodes.client(node).connect(), backoff))
          : pipelinedLane(Vertx.currentContext());
      lanes.set(lane);
    }
    return guard(lane.send(request), request, timeoutMs);
  }

  /**
   * A command that may block server-side for up to {@code blockMs} (its own BLOCK or timeout argument);
   * it fails when no reply came within that plus the configured command timeout.
   */
  public Future<Response> blocking(Request request, long blockMs) {
    return guard(pooled(request), request, blockMs + timeoutMs);
  }

  private PipelinedLane pipelinedLane(Context loop) {
    // the sentinel client may complete a connect elsewhere: the lane's state is its loop's
    return new PipelinedLane(name, () -> CallerContext.handBack(client.connect(), loop), backoff);
  }

  /** The command on a pooled connection: of the master of its slot on a cluster (from an event loop). */
  private Future<Response> pooled(Request request) {
    if (routing == null || !SharedRedis.onEventLoop()) {
      return client.send(request);
    }
    ClusterLanes lanes = pooledLanes.get();
    if (lanes == null) {
      lanes = new ClusterLanes(name, routing, node -> new PooledNodeLane(nodes.client(node)));
      pooledLanes.set(lanes);
    }
    return lanes.send(request);
  }

  /** True once {@link #close()} was called: a failure after it is the abort, not an outage. */
  public boolean isClosed() {
    return closed;
  }

  /** Closes every connection; commands in flight fail at once. */
  public Future<Void> close() {
    closed = true;
    return nodes == null ? client.close() : Future.join(client.close(), nodes.close()).mapEmpty();
  }

  /** The reply comes back on the caller's context ({@link CallerContext}). */
  private Future<Response> guard(Future<Response> reply, Request request, long timeout) {
    Context caller = Vertx.currentContext();
    return CallerContext.handBack(reply.timeout(timeout, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(
            SharedRedis.classify(name, err, request.command().toString(), timeout))), caller);
  }
}
