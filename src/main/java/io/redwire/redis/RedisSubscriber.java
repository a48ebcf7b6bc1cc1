package io.redwire.redis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's one Pub/Sub connection (a client of its own, never the shared lanes), shared by every
 * capability that listens: lock waiters now, the WebSocket bridge next. A channel is SUBSCRIBEd while at
 * least one listener wants it (reference counted), so a thousand listeners of one channel cost Redis one
 * subscription, and UNSUBSCRIBEd when the last one leaves.
 *
 * <p>Listeners are called on the Vert.x context they subscribed from. Pub/Sub is fire-and-forget: after a
 * dropped connection (a Redis restart) the subscriber reconnects with backoff, subscribes every live
 * channel again and tells each listener {@link Listener#onResubscribed()}, since whatever was published
 * meanwhile is lost.
 */
public final class RedisSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);

  /** Receives one channel's messages. */
  public interface Listener {
    void onMessage(String channel, String message);

    /** The connection was lost and is back, subscribed again: messages published in between are gone. */
    default void onResubscribed() {}
  }

  /** A listener's place on a channel; {@link #cancel()} when done (idempotent). */
  public interface Subscription {
    void cancel();
  }

  private record Entry(Context context, Listener listener) {}

  private final String name;
  private final Vertx vertx;
  private final Redis client;
  private final Backoff reconnect;
  // guarded by this: touched from every event loop and from the connection's context
  private final Map<String, List<Entry>> channels = new HashMap<>();
  private RedisConnection connection;
  private Context connectionContext;
  private boolean connectedBefore;
  private int failures;
  private volatile boolean stopping;

  RedisSubscriber(String name, Vertx vertx, Redis client, Backoff reconnect, MeterRegistry meters) {
    this.name = name;
    this.vertx = vertx;
    this.client = client;
    this.reconnect = reconnect;
    Gauge.builder("redwire_redis_subscribed_channels", this, RedisSubscriber::channelCount)
        .description("Pub/Sub channels this replica is subscribed to").tag("endpoint", name).register(meters);
  }

  /** Opens the connection; until it is up, subscriptions are remembered and sent once it is. */
  public void start() {
    connect();
  }

  /** Listens to {@code channel}; the listener runs on the caller's context. */
  public Subscription subscribe(String channel, Listener listener) {
    Entry entry = new Entry(vertx.getOrCreateContext(), listener);
    synchronized (this) {
      List<Entry> entries = channels.computeIfAbsent(channel, c -> new ArrayList<>());
      entries.add(entry);
      if (entries.size() == 1) {
        sendLocked(Request.cmd(Command.SUBSCRIBE).arg(channel));
      }
    }
    return () -> unsubscribe(channel, entry);
  }

  private synchronized void unsubscribe(String channel, Entry entry) {
    List<Entry> entries = channels.get(channel);
    if (entries == null || !entries.remove(entry)) {
      return;
    }
    if (entries.isEmpty()) {
      channels.remove(channel);
      sendLocked(Request.cmd(Command.UNSUBSCRIBE).arg(channel));
    }
  }

  /** Channels subscribed to (or to be, once connected). */
  public synchronized int channelCount() {
    return channels.size();
  }

  /**
   * Sends on the connection from its own context (callers are any event loop). Called while holding the
   * monitor, so SUBSCRIBE and UNSUBSCRIBE keep the order in which listeners came and went.
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
      conn.exceptionHandler(e -> LOG.debug("subscriber ({}) connection error: {}", name, e.toString()));
      List<Entry> toTell = new ArrayList<>();
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
        if (connectedBefore) {
          channels.values().forEach(toTell::addAll);
        }
        connectedBefore = true;
      }
      toTell.forEach(e -> e.context().runOnContext(v -> e.listener().onResubscribed()));
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
    if (attempt == 1) {
      LOG.warn("subscriber ({}) disconnected{}; reconnecting", name, cause == null ? "" : " (" + cause.getMessage() + ")");
    }
    vertx.setTimer(reconnect.delayMs(attempt), t -> connect());
  }

  /** RESP3 pushes: {@code [message, channel, payload]} (and {@code smessage} for sharded channels). */
  private void onPush(Response push) {
    if (push.type() != ResponseType.PUSH || push.size() < 3) {
      return;
    }
    String kind = push.get(0).toString();
    if (!"message".equals(kind) && !"smessage".equals(kind)) {
      return;
    }
    String channel = push.get(1).toString();
    String message = push.get(2).toString();
    List<Entry> listeners;
    synchronized (this) {
      List<Entry> entries = channels.get(channel);
      listeners = entries == null ? List.of() : List.copyOf(entries);
    }
    for (Entry e : listeners) {
      e.context().runOnContext(v -> e.listener().onMessage(channel, message));
    }
  }

  public Future<Void> close() {
    stopping = true;
    return client.close();
  }
}
