package io.redwire.redis;

import io.netty.util.concurrent.FastThreadLocal;
import io.redwire.domain.NotReplicated;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes reported as done only once {@code WAIT} confirmed that enough replicas have them
 * (REDWIRE_REDIS_MIN_REPLICAS_ACK); otherwise they fail with {@link NotReplicated}.
 *
 * <p>WAIT counts the writes of its own connection and holds that connection until it answers, so it
 * cannot share the pipelined lanes that reads use. Each event loop gets an "acknowledged writes" connection
 * of its own: writes go out on it at once, and after them one WAIT for every write sent since the last
 * one (a group commit: the writes of one event-loop turn share a WAIT). At most one WAIT per connection
 * is in flight; writes sent meanwhile belong to the next, which goes out when it answers. So an
 * unconfirmed write answers within about twice the WAIT timeout, and a missing replica never stacks up
 * WAITs on the server. Calls from other threads send their write and WAIT as one batch on a pooled
 * connection.
 */
final class AckedWrites {

  private final String endpoint;
  private final Redis client;
  private final int replicas;
  private final long timeoutMs;
  private final Backoff backoff;
  private final WriteCommands writes = new WriteCommands();
  private final FastThreadLocal<Lane> lanes = new FastThreadLocal<>();

  /**
   * @param client this class's own (it closes it), on sentinel without automatic failover (see RedisFactory)
   * @param replicas how many replicas must confirm a write (above 0)
   * @param timeoutMs WAIT's timeout (above 0: WAIT 0 blocks for ever)
   */
  AckedWrites(String endpoint, Redis client, int replicas, long timeoutMs, Backoff backoff) {
    this.endpoint = endpoint;
    this.client = client;
    this.replicas = replicas;
    this.timeoutMs = timeoutMs;
    this.backoff = backoff;
  }

  Future<Void> close() {
    return client.close();
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
    Lane lane = laneOfCurrentThread();
    if (lane != null) {
      return lane.write(c -> c.send(request));
    }
    return client.batch(List.of(request, waitRequest()))
        .compose(replies -> confirmed(Future.succeededFuture(replies.get(1))).map(replies.get(0)));
  }

  Future<List<Response>> batch(List<Request> requests) {
    Lane lane = laneOfCurrentThread();
    if (lane != null) {
      return lane.write(c -> c.batch(requests));
    }
    List<Request> withWait = new ArrayList<>(requests);
    withWait.add(waitRequest());
    return client.batch(withWait).compose(replies -> confirmed(Future.succeededFuture(replies.get(requests.size())))
        .map(replies.subList(0, requests.size())));
  }

  private Request waitRequest() {
    return Request.cmd(Command.WAIT).arg(String.valueOf(replicas)).arg(String.valueOf(timeoutMs));
  }

  /** WAIT's answer as the outcome of the writes before it: enough replicas, or {@link NotReplicated}. */
  private Future<Void> confirmed(AsyncResult<Response> wait) {
    if (wait.failed()) {
      return Future.failedFuture(new NotReplicated("The write reached the master, but whether " + replicas
          + " replica(s) have it could not be confirmed; it may be lost on a failover", wait.cause()));
    }
    int confirmed = wait.result().toInteger();
    if (confirmed >= replicas) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new NotReplicated("The write reached the master, but only " + confirmed + " of the "
        + replicas + " required replica(s) confirmed it within " + timeoutMs + " ms; it may be lost on a failover",
        null));
  }

  private Lane laneOfCurrentThread() {
    Context ctx = Vertx.currentContext();
    if (ctx == null || !ctx.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      return null;
    }
    Lane lane = lanes.get();
    if (lane == null) {
      lane = new Lane(ctx);
      lanes.set(lane);
    }
    return lane;
  }

  /** Writes sent on one connection since its last WAIT went out, and the outcome of the WAIT that covers them. */
  private static final class Group {
    final RedisConnection connection;
    final Promise<Void> outcome = Promise.promise();

    Group(RedisConnection connection) {
      this.connection = connection;
    }
  }

  /**
   * One event loop's acknowledged-writes connection. Its state is touched on that loop only: callbacks
   * that may come on another thread (the sentinel client's) are handed back first.
   */
  private final class Lane {
    private final Context context;
    private RedisConnection connection;
    /** Where writes go: the connection under the pool's wrapper (as on the shared lanes). */
    private RedisConnection direct;
    private Future<RedisConnection> connecting;
    private int failures;
    private long retryAtNanos;
    /** Writes not yet covered by a WAIT that went out. */
    private Group open;
    /** The group whose WAIT is in flight. */
    private Group waiting;

    Lane(Context context) {
      this.context = context;
    }

    <T> Future<T> write(Function<RedisConnection, Future<T>> command) {
      RedisConnection c = direct;
      if (c == null) {
        return connection().compose(ignored -> write(command));
      }
      Group group = groupOn(c);
      Future<T> reply = command.apply(c);
      reply.onFailure(err -> {
        if (isReplicaAnswer(err)) {
          context.runOnContext(v -> dropped(c));
        }
      });
      return reply.compose(r -> group.outcome.future().map(r));
    }

    /**
     * READONLY: this connection's master became a replica (a switchover). Nothing moves it to the new
     * master by itself (see RedisFactory), so it is dropped and the next write finds the master again.
     */
    private boolean isReplicaAnswer(Throwable err) {
      return RedisError.translate(err) instanceof RedisError e && e.is("READONLY");
    }

    /** The open group of {@code c}, or a new one whose WAIT goes out after this event-loop turn. */
    private Group groupOn(RedisConnection c) {
      if (open != null && open.connection == c) {
        return open;
      }
      if (open != null) {
        // writes on a connection that dropped: no WAIT can confirm them any more
        open.outcome.tryFail(new NotReplicated("The connection to the master dropped before " + replicas
            + " replica(s) confirmed the write; it may be lost on a failover", null));
      }
      open = new Group(c);
      context.runOnContext(v -> flush());
      return open;
    }

    private void flush() {
      Group group = open;
      if (group == null || (waiting != null && waiting.connection == group.connection)) {
        return; // nothing to cover, or the WAIT in flight sends this one when it answers
      }
      open = null;
      waiting = group;
      Future<Response> wait = group.connection.send(waitRequest());
      CallerContext.handBack(wait, context).onComplete(ar -> {
        if (waiting == group) {
          waiting = null;
        }
        if (ar.failed() && RedisError.isErrorReply(ar.cause())) {
          dropped(group.connection); // "WAIT cannot be used with replica instances", or worse
        }
        confirmed(ar).onComplete(group.outcome);
        flush();
      });
    }

    private Future<RedisConnection> connection() {
      if (connecting != null) {
        return connecting;
      }
      if (System.nanoTime() < retryAtNanos) {
        return Future.failedFuture(new RedisUnavailableException(
            "Redis (" + endpoint + ") is unreachable; reconnecting after " + failures + " failed attempt(s)"));
      }
      Future<RedisConnection> attempt = CallerContext.handBack(client.connect(), context);
      connecting = attempt;
      attempt.onComplete(ar -> {
        connecting = null;
        if (ar.succeeded()) {
          RedisConnection conn = ar.result();
          failures = 0;
          WriteCoalescing.install(conn);
          connection = conn;
          direct = conn instanceof PooledRedisConnection pooled ? pooled.actual() : conn;
          conn.endHandler(v -> context.runOnContext(x -> dropped(conn)));
          conn.exceptionHandler(e -> context.runOnContext(x -> dropped(conn)));
        } else {
          failures++;
          retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(failures));
        }
      });
      return attempt;
    }

    /** @param conn the lane's connection or the one under its pool wrapper */
    private void dropped(RedisConnection conn) {
      if (connection != null && (connection == conn || direct == conn)) {
        RedisConnection closing = connection;
        connection = null;
        direct = null;
        closing.close();
      }
    }
  }
}
