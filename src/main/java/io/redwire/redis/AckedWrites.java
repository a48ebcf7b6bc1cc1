package io.redwire.redis;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes reported as done only once {@code WAIT} confirmed that enough replicas have them
 * (REDWIRE_REDIS_MIN_REPLICAS_ACK); otherwise they fail with {@link io.redwire.domain.NotReplicated}.
 *
 * <p>WAIT counts the writes of its own connection and holds that connection until it answers, so it
 * cannot share the pipelined lanes that reads use. Each event loop gets acknowledged-writes lanes of its
 * own ({@link AckedLane}: a group commit per connection): one to the master, or on a cluster one per
 * master behind the same slot routing as reads ({@link ClusterLanes}). Calls from other threads are
 * carried out on an event loop of this client's own.
 */
final class AckedWrites {

  private final Function<Context, RedisLane> newLanes;
  private final Context offLoop;
  private final long timeoutMs;
  private final Supplier<Future<Void>> closeClient;
  private final WriteCommands writes = new WriteCommands();
  private final FastThreadLocal<RedisLane> lanes = new FastThreadLocal<>();

  /**
   * @param newLanes makes one event loop's lanes (called on that loop, with its context)
   * @param timeoutMs WAIT's timeout (above 0: WAIT 0 blocks for ever)
   * @param closeClient closes the connections' client if it is this class's own
   */
  AckedWrites(Vertx vertx, Function<Context, RedisLane> newLanes, long timeoutMs, Supplier<Future<Void>> closeClient) {
    this.newLanes = newLanes;
    this.offLoop = ((VertxInternal) vertx).createEventLoopContext();
    this.timeoutMs = timeoutMs;
    this.closeClient = closeClient;
  }

  Future<Void> close() {
    return closeClient.get();
  }

  /** How much longer than a plain command an acknowledged write may take: its own WAIT and one in flight. */
  long extraTimeoutMs() {
    return 2 * timeoutMs;
  }

  /** Lets {@link #covers} tell the script's EVALSHA apart from a write (see {@link WriteCommands}). */
  void learn(LuaScript script) {
    writes.learn(script);
  }

  boolean covers(Request request) {
    return writes.isWrite(request);
  }

  boolean coversAny(List<Request> requests) {
    return writes.anyWrite(requests);
  }

  Future<Response> send(Request request) {
    return onLane(lane -> lane.send(request));
  }

  Future<List<Response>> batch(List<Request> requests) {
    return onLane(lane -> lane.batch(requests));
  }

  private <T> Future<T> onLane(Function<RedisLane, Future<T>> write) {
    Context ctx = Vertx.currentContext();
    if (ctx != null && ctx.isEventLoopContext() && Context.isOnEventLoopThread()) {
      return write.apply(laneOf(ctx));
    }
    Promise<T> done = Promise.promise();
    offLoop.runOnContext(v -> write.apply(laneOf(offLoop)).onComplete(done));
    return done.future();
  }

  private RedisLane laneOf(Context ctx) {
    RedisLane lane = lanes.get();
    if (lane == null) {
      lane = newLanes.apply(ctx);
      lanes.set(lane);
    }
    return lane;
  }
}
