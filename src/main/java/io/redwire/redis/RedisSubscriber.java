package io.redwire.redis;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's Pub/Sub connections (clients of their own, never the shared lanes), shared by every
 * capability that listens: lock waiters now, the WebSocket bridge next. A channel is subscribed while at
 * least one listener wants it (reference counted), so a thousand listeners of one channel cost Redis one
 * subscription, and unsubscribed when the last one leaves.
 *
 * <p>On one Redis (or a sentinel's master) that is one connection with SUBSCRIBE. On a cluster whose
 * masters all run Redis 7+ it is <em>sharded</em> Pub/Sub: each channel is SSUBSCRIBEd on the master of its
 * slot (one connection per master that has channels), and publishers use SPUBLISH ({@link #publishCommand()}),
 * so a message crosses one shard instead of every node. An older cluster gets plain SUBSCRIBE on one master
 * (plain PUBLISH reaches every node). When a slot moves or its master goes, the slot map is refreshed and
 * the channel subscribed on its new owner.
 *
 * <p>Listeners are called on the Vert.x context they subscribed from. Pub/Sub is fire-and-forget: after a
 * lost subscription (a Redis restart, a slot move) the subscriber reconnects with backoff, subscribes the
 * channel again and tells each of its listeners {@link Listener#onResubscribed()}, since whatever was
 * published meanwhile is lost.
 */
public final class RedisSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
  /** Where the one connection of a standalone or sentinel endpoint is kept. */
  private static final String ONLY_NODE = "";

  /** Receives one channel's messages. */
  public interface Listener {
    void onMessage(String channel, String message);

    /** The subscription was lost and is back: messages published in between are gone. */
    default void onResubscribed() {}
  }

  /** A listener's place on a channel; {@link #cancel()} when done (idempotent). */
  public interface Subscription {
    void cancel();

    /**
     * Completes (on the subscriber's context) once Redis confirmed the channel's subscription, so whatever is
     * published from then on reaches the listener: read a history after it, not before, to leave no gap.
     */
    Future<Void> active();
  }

  private enum Mode { ONE_CONNECTION, CLUSTER_PLAIN, CLUSTER_SHARDED }

  private record Entry(Context context, Listener listener, Promise<Void> active) {
    void activated() {
      context.runOnContext(v -> active.tryComplete());
    }
  }

  /** One connection and the channels it carries (or will, once connected). */
  private static final class Node {
    final String address;
    final Set<String> channels = new HashSet<>();
    RedisConnection connection;
    Context context;
    boolean connecting;
    boolean connectedBefore;
    int failures;

    Node(String address) {
      this.address = address;
    }
  }

  private final String name;
  private final Vertx vertx;
  /** Standalone or sentinel: the endpoint's client; on a cluster only closed. */
  private final Redis client;
  /** On a cluster: the slot map and node clients of the subscriber's own; null otherwise. */
  private final ClusterRouting routing;
  private final ClusterNodes nodes;
  private final Backoff reconnect;
  private final long timeoutMs;
  // guarded by this: touched from every event loop and from the connections' contexts
  private final Map<String, List<Entry>> channels = new HashMap<>();
  private final Map<String, Node> nodeOfChannel = new HashMap<>();
  private final Map<String, Node> nodesByAddress = new HashMap<>();
  /** Channels whose listeners hear onResubscribed() once the channel is subscribed again. */
  private final Set<String> lost = new HashSet<>();
  /** Channels whose subscription Redis confirmed on the connection that carries them now. */
  private final Set<String> confirmed = new HashSet<>();
  /** Channels whose slot moved away from this node: not placed there again until the map says otherwise. */
  private final Map<String, String> movedFrom = new HashMap<>();
  private String plainNode;
  private boolean placementRetryPending;
  private int plainRotation;
  private volatile Mode mode;
  private volatile boolean stopping;

  /**
   * @param name the endpoint ("durable"), @param role which of the endpoint's subscribers (metrics tag)
   * @param routing on a cluster, the subscriber's own slot map and node clients (null otherwise)
   */
  RedisSubscriber(String name, String role, Vertx vertx, Redis client, ClusterRouting routing, ClusterNodes nodes,
      Backoff reconnect, long timeoutMs, MeterRegistry meters) {
    this.name = name;
    this.vertx = vertx;
    this.client = client;
    this.routing = routing;
    this.nodes = nodes;
    this.reconnect = reconnect;
    this.timeoutMs = timeoutMs;
    Gauge.builder("redwire_redis_subscribed_channels", this, RedisSubscriber::channelCount)
        .description("Pub/Sub channels this replica is subscribed to").tag("endpoint", name).tag("role", role)
        .register(meters);
  }

  /**
   * Settles how channels map onto connections: at once for one Redis; on a cluster after asking every
   * master's version (sharded when all that answer run 7+). Connections open when a channel is wanted.
   */
  public Future<Void> start() {
    if (routing == null) {
      settle(Mode.ONE_CONNECTION);
      return Future.succeededFuture();
    }
    return routing.refresh().compose(map -> {
      List<Future<Boolean>> versions = new ArrayList<>();
      for (String master : map.masters()) {
        versions.add(nodes.client(master).send(Request.cmd(Command.INFO).arg("server"))
            .timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .map(r -> RedisInfo.parseVersion(RedisInfo.parse(r.toString()).getOrDefault("redis_version", "0"))[0] >= 7));
      }
      return Future.join(versions).transform(ar -> {
        List<Boolean> answered = versions.stream().filter(Future::succeeded).map(Future::result).toList();
        if (answered.isEmpty()) {
          return Future.failedFuture(new RedisUnavailableException("Redis (" + name + ") cluster: no master "
              + "answered INFO; cannot tell whether Pub/Sub can be sharded"));
        }
        settle(answered.stream().allMatch(Boolean::booleanValue) ? Mode.CLUSTER_SHARDED : Mode.CLUSTER_PLAIN);
        return Future.<Void>succeededFuture();
      });
    });
  }

  /** True when channels are sharded (SSUBSCRIBE / SPUBLISH): a Redis 7+ cluster. */
  public boolean sharded() {
    return mode == Mode.CLUSTER_SHARDED;
  }

  /** What publishers to this subscriber's channels send: SPUBLISH on a sharded cluster, else PUBLISH. */
  public String publishCommand() {
    return sharded() ? "SPUBLISH" : "PUBLISH";
  }

  /** Listens to {@code channel}; the listener runs on the caller's context. */
  public Subscription subscribe(String channel, Listener listener) {
    Entry entry = new Entry(vertx.getOrCreateContext(), listener, Promise.promise());
    synchronized (this) {
      List<Entry> entries = channels.computeIfAbsent(channel, c -> new ArrayList<>());
      entries.add(entry);
      if (entries.size() == 1 && mode != null) {
        placeLocked(channel);
      } else if (confirmed.contains(channel)) {
        entry.activated();
      }
    }
    return new Subscription() {
      @Override
      public void cancel() {
        unsubscribe(channel, entry);
      }

      @Override
      public Future<Void> active() {
        return entry.active().future();
      }
    };
  }

  private synchronized void unsubscribe(String channel, Entry entry) {
    List<Entry> entries = channels.get(channel);
    if (entries == null || !entries.remove(entry)) {
      return;
    }
    if (entries.isEmpty()) {
      channels.remove(channel);
      lost.remove(channel);
      confirmed.remove(channel);
      movedFrom.remove(channel);
      Node node = nodeOfChannel.remove(channel);
      if (node != null) {
        node.channels.remove(channel);
        sendLocked(node, subscription(false).arg(channel));
      }
    }
  }

  /** Channels subscribed to (or to be, once connected). */
  public synchronized int channelCount() {
    return channels.size();
  }

  private void settle(Mode settled) {
    synchronized (this) {
      mode = settled;
      LOG.info("subscriber ({}): {}", name, switch (settled) {
        case ONE_CONNECTION -> "one connection";
        case CLUSTER_PLAIN -> "cluster, plain Pub/Sub on one master (not every master runs Redis 7+)";
        case CLUSTER_SHARDED -> "cluster, sharded Pub/Sub (SSUBSCRIBE on each channel's master)";
      });
      new ArrayList<>(channels.keySet()).forEach(this::placeLocked);
    }
  }

  /** Puts a wanted channel on the connection that should carry it, subscribing or connecting as needed. */
  private void placeLocked(String channel) {
    String address = addressFor(channel);
    if (address == null || address.equals(movedFrom.get(channel))) {
      // no owner, or a slot map not yet showing the move: look again after a backoff
      lost.add(channel);
      if (!placementRetryPending) {
        // one retry for all such channels, however many are waiting
        placementRetryPending = true;
        vertx.setTimer(reconnect.delayMs(1), t -> {
          synchronized (this) {
            placementRetryPending = false;
          }
          refreshThenPlace();
        });
      }
      return;
    }
    movedFrom.remove(channel);
    Node node = nodesByAddress.computeIfAbsent(address, Node::new);
    Node before = nodeOfChannel.put(channel, node);
    if (before == node && node.channels.contains(channel)) {
      return;
    }
    if (before != null && before != node) {
      before.channels.remove(channel);
      sendLocked(before, subscription(false).arg(channel));
    }
    node.channels.add(channel);
    if (node.connection != null) {
      sendLocked(node, subscription(true).arg(channel));
    } else {
      connectLocked(node);
    }
  }

  /** The node address for a channel, or null when (on a cluster) no master serves its slot right now. */
  private String addressFor(String channel) {
    return switch (mode) {
      case ONE_CONNECTION -> ONLY_NODE;
      case CLUSTER_SHARDED -> routing.current().masterOf(SlotMap.slotOf(channel.getBytes(StandardCharsets.UTF_8)));
      case CLUSTER_PLAIN -> {
        List<String> masters = routing.current().masters();
        if (plainNode == null || !masters.contains(plainNode)) {
          plainNode = masters.isEmpty() ? null : masters.get(Math.floorMod(plainRotation, masters.size()));
        }
        yield plainNode;
      }
    };
  }

  private Request subscription(boolean subscribe) {
    return mode == Mode.CLUSTER_SHARDED
        ? Request.cmd(subscribe ? Command.SSUBSCRIBE : Command.SUNSUBSCRIBE)
        : Request.cmd(subscribe ? Command.SUBSCRIBE : Command.UNSUBSCRIBE);
  }

  /**
   * Sends on the node's connection from its own context (callers are any event loop). Called while holding
   * the monitor, so subscribes and unsubscribes keep the order in which listeners came and went. A refused
   * SSUBSCRIBE (MOVED: the slot has moved) re-places the channel after a refresh.
   */
  private void sendLocked(Node node, Request request) {
    RedisConnection conn = node.connection;
    Context ctx = node.context;
    if (conn == null) {
      return; // the connect callback subscribes the node's channels
    }
    Runnable send = () -> conn.send(request).onFailure(err -> {
      if (RedisError.isErrorReply(err) && request.command() == Command.SSUBSCRIBE) {
        LOG.debug("subscriber ({}): {} refused SSUBSCRIBE: {}", name, node.address, err.getMessage());
        movedAway(node, ((io.vertx.redis.client.impl.RequestImpl) request).getArgs().stream()
            .map(b -> new String(b, StandardCharsets.UTF_8)).toList());
      }
    });
    if (ctx == null || Vertx.currentContext() == ctx) {
      send.run();
    } else {
      ctx.runOnContext(v -> send.run());
    }
  }

  private void connectLocked(Node node) {
    if (node.connecting || stopping) {
      return;
    }
    node.connecting = true;
    Future<RedisConnection> connecting = node.address.equals(ONLY_NODE) ? client.connect()
        : nodes.client(node.address).connect();
    connecting.onComplete(ar -> {
      if (ar.failed()) {
        synchronized (this) {
          node.connecting = false;
        }
        retryLater(node, ar.cause());
        return;
      }
      RedisConnection conn = ar.result();
      conn.handler(push -> onPush(node, push));
      conn.endHandler(v -> dropped(node, conn));
      conn.exceptionHandler(e -> LOG.debug("subscriber ({}) connection error: {}", name, e.toString()));
      synchronized (this) {
        node.connecting = false;
        if (stopping) {
          conn.close();
          return;
        }
        node.connection = conn;
        node.context = Vertx.currentContext();
        node.failures = 0;
        if (node.connectedBefore) {
          lost.addAll(node.channels);
        }
        node.connectedBefore = true;
        if (!node.channels.isEmpty()) {
          Request subscribe = subscription(true);
          node.channels.forEach(subscribe::arg);
          sendLocked(node, subscribe);
        }
      }
    });
  }

  /** Tells the listeners of those channels that were lost that they are subscribed again (Redis confirmed it). */
  private void tellResubscribedLocked(List<String> subscribed) {
    for (String channel : subscribed) {
      if (lost.remove(channel)) {
        for (Entry e : channels.getOrDefault(channel, List.of())) {
          e.context().runOnContext(v -> e.listener().onResubscribed());
        }
      }
    }
  }

  private void dropped(Node node, RedisConnection conn) {
    synchronized (this) {
      if (node.connection != conn) {
        return;
      }
      node.connection = null;
      node.context = null;
      lost.addAll(node.channels);
      confirmed.removeAll(node.channels);
      // give its pool slot back (the subscriber's client has one)
      conn.close();
      if (node.address.equals(plainNode)) {
        plainNode = null;
        plainRotation++;
      }
    }
    retryLater(node, null);
  }

  /** The server dropped these channels (slot moved) or refused them: subscribe them where they now live. */
  private void movedAway(Node node, List<String> moved) {
    synchronized (this) {
      for (String channel : moved) {
        if (nodeOfChannel.get(channel) == node) {
          nodeOfChannel.remove(channel);
          node.channels.remove(channel);
          lost.add(channel);
          confirmed.remove(channel);
          movedFrom.put(channel, node.address);
        }
      }
    }
    refreshThenPlace();
  }

  private void retryLater(Node node, Throwable cause) {
    if (stopping) {
      return;
    }
    int attempt;
    synchronized (this) {
      attempt = ++node.failures;
    }
    if (attempt == 1) {
      LOG.warn("subscriber ({}{}) disconnected{}; reconnecting", name,
          node.address.isEmpty() ? "" : " " + node.address, cause == null ? "" : " (" + cause.getMessage() + ")");
    }
    vertx.setTimer(reconnect.delayMs(attempt), t -> {
      if (routing == null) {
        synchronized (this) {
          connectLocked(node);
        }
      } else {
        refreshThenPlace();
      }
    });
  }

  /** On a cluster: a fresh slot map, then every wanted channel on its owner (those of a dead node move). */
  private void refreshThenPlace() {
    if (routing == null || stopping) {
      return;
    }
    routing.refresh().onComplete(ar -> {
      synchronized (this) {
        if (stopping) {
          return;
        }
        for (String channel : new ArrayList<>(channels.keySet())) {
          placeLocked(channel);
        }
        // a node whose channels stayed with it reconnects in place
        for (Node node : nodesByAddress.values()) {
          if (node.connection == null && !node.channels.isEmpty()) {
            connectLocked(node);
          }
        }
      }
    });
  }

  /**
   * RESP3 pushes: {@code [message, channel, payload]}, {@code [smessage, channel, payload]}; and
   * {@code [sunsubscribe, channel, n]} for a channel still wanted here when its slot moved away.
   */
  private void onPush(Node node, Response push) {
    if (push.type() != ResponseType.PUSH || push.size() < 3) {
      return;
    }
    String kind = push.get(0).toString();
    String channel = push.get(1).toString();
    if ("subscribe".equals(kind) || "ssubscribe".equals(kind)) {
      synchronized (this) {
        if (nodeOfChannel.get(channel) == node && confirmed.add(channel)) {
          channels.getOrDefault(channel, List.of()).forEach(Entry::activated);
          // told only now: a history read after onResubscribed() then leaves no gap
          tellResubscribedLocked(List.of(channel));
        }
      }
      return;
    }
    if ("sunsubscribe".equals(kind)) {
      boolean stillWanted;
      synchronized (this) {
        stillWanted = nodeOfChannel.get(channel) == node && node.channels.contains(channel);
      }
      if (stillWanted) {
        movedAway(node, List.of(channel));
      }
      return;
    }
    if (!"message".equals(kind) && !"smessage".equals(kind)) {
      return;
    }
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
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (this) {
      for (Node node : nodesByAddress.values()) {
        if (node.connection != null) {
          closing.add(node.connection.close());
        }
      }
    }
    closing.add(client.close());
    if (nodes != null) {
      closing.add(nodes.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
