package io.redwire.lock;

import io.redwire.redis.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process' one subscriber connection for lock releases (its own Redis client, never the shared
 * one). Local waiters register per resource channel; the channel is SUBSCRIBEd while at least one
 * waiter needs it (reference counted), so a thousand waiters on one resource cost Redis one
 * subscription. A release message wakes the oldest local waiter only: one local try per release
 * instead of a stampede; the others keep waiting for the next release (or their backoff).
 *
 * <p>Pub/Sub is lossy, so waiters never rely on it alone. After a dropped connection (Redis restart)
 * it reconnects with backoff, resubscribes every live channel and wakes each channel's oldest waiter,
 * since releases during the outage were lost.
 */
final class LockWaiters {

  private static final Logger LOG = LoggerFactory.getLogger(LockWaiters.class);

  /** A registered waiter; {@link #cancel()} when done (idempotent). */
  interface Registration {
    void cancel();
  }

  private static final class Waiter {
    final Context context;
    final Runnable wake;

    Waiter(Context context, Runnable wake) {
      this.context = context;
      this.wake = wake;
    }
  }

  private final Vertx vertx;
  private final Redis client;
  private final Backoff reconnect;
  // guarded by this: touched from every HTTP event loop and from the subscriber connection's context
  private final Map<String, ArrayDeque<Waiter>> channels = new HashMap<>();
  private RedisConnection connection;
  private Context connectionContext;
  private int failures;
  private volatile boolean stopping;

  LockWaiters(Vertx vertx, Redis client, Backoff reconnect) {
    this.vertx = vertx;
    this.client = client;
    this.reconnect = reconnect;
  }

  void start() {
    connect();
  }

  Registration register(String channel, Context context, Runnable wake) {
    Waiter waiter = new Waiter(context, wake);
    synchronized (this) {
      ArrayDeque<Waiter> waiters = channels.computeIfAbsent(channel, c -> new ArrayDeque<>());
      waiters.add(waiter);
      if (waiters.size() == 1) {
        sendLocked(Request.cmd(Command.SUBSCRIBE).arg(channel));
      }
    }
    return () -> unregister(channel, waiter);
  }

  private synchronized void unregister(String channel, Waiter waiter) {
    ArrayDeque<Waiter> waiters = channels.get(channel);
    if (waiters == null || !waiters.remove(waiter)) {
      return;
    }
    if (waiters.isEmpty()) {
      channels.remove(channel);
      sendLocked(Request.cmd(Command.UNSUBSCRIBE).arg(channel));
    }
  }

  /**
   * Sends on the subscriber connection from its own context (callers are HTTP event loops). Called while
   * holding the monitor, so SUBSCRIBE/UNSUBSCRIBE keep the order in which waiters came and went.
   */
  private void sendLocked(Request request) {
    RedisConnection conn = connection;
    Context ctx = connectionContext;
    if (conn == null) {
      return; // connect() subscribes every live channel when the connection is back
    }
    if (ctx == null) {
      conn.send(request);
    } else {
      ctx.runOnContext(v -> conn.send(request));
    }
  }

  /** Channels currently subscribed to (or to be, once connected); for tests and metrics. */
  synchronized int channelCount() {
    return channels.size();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    client.connect().onComplete(ar -> {
      if (ar.failed()) {
        retryLater(ar.cause());
        return;
      }
      RedisConnection conn = ar.result();
      conn.handler(this::onPush);
      conn.endHandler(v -> dropped(conn));
      conn.exceptionHandler(e -> LOG.debug("lock subscriber connection error: {}", e.toString()));
      List<Waiter> toWake;
      synchronized (this) {
        if (stopping) {
          conn.close();
          return;
        }
        connection = conn;
        connectionContext = Vertx.currentContext();
        failures = 0;
        if (!channels.isEmpty()) {
          Request subscribe = Request.cmd(Command.SUBSCRIBE);
          channels.keySet().forEach(subscribe::arg);
          conn.send(subscribe);
        }
        toWake = channels.values().stream().map(ArrayDeque::peekFirst).toList();
      }
      toWake.forEach(LockWaiters::wake);
    });
  }

  private void dropped(RedisConnection conn) {
    synchronized (this) {
      if (connection != conn) {
        return;
      }
      connection = null;
      connectionContext = null;
    }
    retryLater(null);
  }

  private void retryLater(Throwable cause) {
    if (stopping) {
      return;
    }
    int attempt;
    synchronized (this) {
      attempt = ++failures;
    }
    long delay = reconnect.delayMs(attempt);
    if (attempt == 1) {
      LOG.warn("lock subscriber disconnected{}; reconnecting (waiters fall back to backoff meanwhile)",
          cause == null ? "" : " (" + cause.getMessage() + ")");
    }
    vertx.setTimer(delay, t -> connect());
  }

  private void onPush(Response message) {
    if (message.type() != ResponseType.PUSH || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    Waiter oldest;
    synchronized (this) {
      ArrayDeque<Waiter> waiters = channels.get(message.get(1).toString());
      oldest = waiters == null ? null : waiters.peekFirst();
    }
    if (oldest != null) {
      wake(oldest);
    }
  }

  private static void wake(Waiter waiter) {
    waiter.context.runOnContext(v -> waiter.wake.run());
  }

  Future<Void> close() {
    stopping = true;
    return client.close();
  }
}
