package io.redwire.redis;

import io.redwire.domain.NotReplicated;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Function;

/**
 * One event loop's acknowledged-writes connection to one master: writes go out on it at once, and after
 * them one {@code WAIT} for every write sent since the last one (a group commit: the writes of one
 * event-loop turn share a WAIT). At most one WAIT is in flight; writes sent meanwhile belong to the next,
 * which goes out when it answers. So an unconfirmed write answers within about twice the WAIT timeout, and
 * a missing replica never stacks up WAITs on the server. Its connection (and reconnect backoff) is a
 * {@link PipelinedLane}'s; WAIT counts the writes of its own connection, which is why the group is tied to it.
 *
 * <p>Only touched on its event loop: replies and the group's WAIT are handed back there.
 */
final class AckedLane implements RedisLane {

  private final PipelinedLane connections;
  private final Context context;
  private final int replicas;
  private final long timeoutMs;
  /** Writes not yet covered by a WAIT that went out. */
  private Group open;
  /** The group whose WAIT is in flight. */
  private Group waiting;

  /** @param connections its own lane (made on {@code context}), whose connector hands connects back there */
  AckedLane(PipelinedLane connections, Context context, int replicas, long timeoutMs) {
    this.connections = connections;
    this.context = context;
    this.replicas = replicas;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Response> send(Request request) {
    return write(c -> c.send(request));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return write(c -> c.batch(requests));
  }

  @Override
  public boolean isUsable() {
    return connections.isUsable();
  }

  @Override
  public void close() {
    connections.close();
  }

  static Request waitRequest(int replicas, long timeoutMs) {
    return Request.cmd(Command.WAIT).arg(String.valueOf(replicas)).arg(String.valueOf(timeoutMs));
  }

  /** WAIT's answer as the outcome of the writes before it: enough replicas, or {@link NotReplicated}. */
  static Future<Void> confirmed(AsyncResult<Response> wait, int replicas, long timeoutMs) {
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

  private <T> Future<T> write(Function<RedisConnection, Future<T>> command) {
    return connections.connected().compose(c -> {
      Group group = groupOn(c);
      Future<T> reply = CallerContext.handBack(command.apply(c), context);
      reply.onFailure(err -> {
        if (isReplicaAnswer(err)) {
          connections.drop(c);
        }
      });
      return reply.compose(r -> group.outcome.future().map(r));
    });
  }

  /**
   * READONLY: this connection's master became a replica (a sentinel switchover). Nothing moves it to the
   * new master by itself (see RedisFactory), so it is dropped and the next write finds the master again.
   */
  private static boolean isReplicaAnswer(Throwable err) {
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
    Future<Response> wait = group.connection.send(waitRequest(replicas, timeoutMs));
    CallerContext.handBack(wait, context).onComplete(ar -> {
      if (waiting == group) {
        waiting = null;
      }
      if (ar.failed() && RedisError.isErrorReply(ar.cause())) {
        connections.drop(group.connection); // "WAIT cannot be used with replica instances", or worse
      }
      confirmed(ar, replicas, timeoutMs).onComplete(group.outcome);
      flush();
    });
  }

  /** Writes sent on one connection since its last WAIT went out, and the outcome of the WAIT that covers them. */
  private static final class Group {
    final RedisConnection connection;
    final Promise<Void> outcome = Promise.promise();

    Group(RedisConnection connection) {
      this.connection = connection;
    }
  }
}
