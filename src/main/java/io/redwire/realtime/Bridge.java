package io.redwire.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redwire.http.SharedTextFrame;
import io.redwire.redis.Backoff;
import io.redwire.redis.RedisSubscriber;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's Pub/Sub bridge for message channels (broadcast, user and queue channels), living on the
 * bridge verticle's event loop. A channel is subscribed in Redis while some event loop's clients want it;
 * each Redis message (already frame text, see {@link Frames}) becomes one shared frame, handed to each of
 * those event loops in one hop. A durable channel's messages are de-duplicated by offset, and after a lost
 * subscription the bridge replays what its history holds since the last delivered offset, so clients
 * miss nothing the history still has; a gap it cannot fill is announced with {@code recovered:false}.
 */
final class Bridge {

  private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

  /** One channel's Redis subscription and the event loops that want it. */
  private final class Feed {
    final String channel;
    final boolean durable;
    final Map<LoopHub, Integer> hubs = new HashMap<>();
    RedisSubscriber.Subscription subscription;
    /** Offset of the newest message delivered (durable channels). */
    String lastOffset;
    /** While a history replay runs, live messages wait here (durable channels). */
    List<String[]> held;
    Future<Void> ready;

    Feed(String channel, boolean durable) {
      this.channel = channel;
      this.durable = durable;
    }
  }

  private final Vertx vertx;
  private final Backoff retry;
  private final int maxHeld;
  private final Context context;
  private final RedisSubscriber subscriber;
  private final Channels channels;
  private final NotificationService notifications;
  private final SharedRedis redis;
  private final Map<String, Feed> feeds = new HashMap<>();
  private final Counter messages;
  private final Counter replayed;

  /**
   * @param retry spacing of history re-reads after a failed one
   * @param maxHeld live messages held during a replay before it gives up (a history's size)
   */
  Bridge(Vertx vertx, Context context, RedisSubscriber subscriber, Channels channels,
      NotificationService notifications, SharedRedis redis, Backoff retry, int maxHeld, MeterRegistry meters) {
    this.vertx = vertx;
    this.retry = retry;
    this.maxHeld = maxHeld;
    this.context = context;
    this.subscriber = subscriber;
    this.channels = channels;
    this.notifications = notifications;
    this.redis = redis;
    this.messages = Counter.builder("redwire_ws_bridge_messages_total")
        .description("Messages the bridge received from Redis and handed to its event loops").register(meters);
    this.replayed = Counter.builder("redwire_ws_bridge_replayed_total")
        .description("Durable-channel messages replayed from history after a lost subscription").register(meters);
  }

  Context context() {
    return context;
  }

  /**
   * The hub's clients want the channel: subscribes it in Redis when it is the first. Completes, on the
   * hub's context, once the subscription is active (Redis confirmed it and, for a durable channel, the
   * bridge knows the history's newest offset), so a history read after it leaves no gap.
   */
  Future<Void> want(String channel, LoopHub hub) {
    Promise<Void> active = Promise.promise();
    context.runOnContext(v -> {
      Feed feed = feeds.computeIfAbsent(channel, this::open);
      feed.hubs.merge(hub, 1, Integer::sum);
      feed.ready.onComplete(ar -> hub.context().runOnContext(x -> active.handle(ar)));
    });
    return active.future();
  }

  /** Completes on the hub's context once the channel, already wanted by the hub, is active. */
  Future<Void> whenActive(String channel, LoopHub hub) {
    Promise<Void> active = Promise.promise();
    context.runOnContext(v -> {
      Feed feed = feeds.get(channel);
      Future<Void> ready = feed == null ? Future.failedFuture(new IllegalStateException("not wanted: " + channel))
          : feed.ready;
      ready.onComplete(ar -> hub.context().runOnContext(x -> active.handle(ar)));
    });
    return active.future();
  }

  /** The hub's clients no longer want it; the last one leaving unsubscribes in Redis. */
  void unwant(String channel, LoopHub hub) {
    context.runOnContext(v -> {
      Feed feed = feeds.get(channel);
      if (feed == null) {
        return;
      }
      feed.hubs.computeIfPresent(hub, (h, n) -> n > 1 ? n - 1 : null);
      if (feed.hubs.isEmpty()) {
        feeds.remove(channel);
        feed.subscription.cancel();
      }
    });
  }

  private Feed open(String channel) {
    Feed feed = new Feed(channel, channels.isDurable(channel));
    feed.subscription = subscriber.subscribe(channels.redisChannel(channel), new RedisSubscriber.Listener() {
      @Override
      public void onMessage(String redisChannel, String message) {
        received(feed, message);
      }

      @Override
      public void onResubscribed() {
        recover(feed);
      }
    });
    feed.ready = feed.durable
        ? feed.subscription.active().compose(v -> newestOffset(channel)).map(newest -> {
          if (feed.lastOffset == null) {
            feed.lastOffset = newest;
          }
          return null;
        })
        : feed.subscription.active();
    return feed;
  }

  /** The id of the newest history entry, or "0-0" for an empty history. */
  private Future<String> newestOffset(String channel) {
    return redis.send(Command.XREVRANGE, channels.history(channel), "+", "-", "COUNT", "1")
        .map(r -> r == null || r.size() == 0 ? "0-0" : r.get(0).get(0).toString());
  }

  /** A live message {@code <offset>|<frame>} from Redis. */
  private void received(Feed feed, String message) {
    int bar = message.indexOf('|');
    if (bar < 0 || feeds.get(feed.channel) != feed) {
      return;
    }
    String offset = bar == 0 ? null : message.substring(0, bar);
    String frame = message.substring(bar + 1);
    if (feed.durable && offset != null) {
      if (feed.held != null) {
        feed.held.add(new String[] {offset, frame});
        return;
      }
      if (feed.lastOffset != null && !Offsets.after(offset, feed.lastOffset)) {
        return;
      }
      feed.lastOffset = offset;
    }
    fanOut(feed, offset, frame);
  }

  private void fanOut(Feed feed, String offset, String frameText) {
    messages.increment();
    SharedTextFrame frame = SharedTextFrame.of(frameText);
    for (LoopHub hub : feed.hubs.keySet()) {
      frame.retain();
      hub.context().runOnContext(v -> hub.deliver(feed.channel, offset, frame));
    }
    frame.release();
  }

  /**
   * The subscription was lost and is back. A durable channel replays its history after the last offset
   * delivered, holding live messages meanwhile; whatever cannot be replayed is announced as a gap.
   */
  private void recover(Feed feed) {
    if (!feed.durable || feed.lastOffset == null) {
      announceGap(feed);
      return;
    }
    if (feed.held != null) {
      return; // a replay is already running; it reads up to the newest entry
    }
    feed.held = new ArrayList<>();
    replay(feed, feed.lastOffset, 1);
  }

  /**
   * Reads the history since the last delivered offset and delivers it, then what was held. Redis may not
   * answer yet (this loop's lane still reconnecting after a restart): the read is retried with backoff
   * while live messages are held, and given up (a gap announced) only when they would outgrow a history.
   */
  private void replay(Feed feed, String since, int attempt) {
    notifications.historySince(feed.channel, since).onComplete(ar -> {
      if (feeds.get(feed.channel) != feed) {
        feed.held = null;
        return;
      }
      if (ar.failed() && feed.held.size() < maxHeld) {
        LOG.debug("bridge: replaying {} failed (attempt {}): {}", feed.channel, attempt, ar.cause().toString());
        vertx.setTimer(retry.delayMs(attempt), t -> replay(feed, since, attempt + 1));
        return;
      }
      List<String[]> held = feed.held;
      feed.held = null;
      if (ar.failed()) {
        LOG.warn("bridge: replaying {} after a lost subscription failed: {}", feed.channel, ar.cause().toString());
        announceGap(feed);
      } else {
        if (!ar.result().complete()) {
          announceGap(feed);
        }
        for (NotificationService.Entry e : ar.result().entries()) {
          if (Offsets.after(e.offset(), feed.lastOffset)) {
            feed.lastOffset = e.offset();
            replayed.increment();
            fanOut(feed, e.offset(), Frames.message(feed.channel, e.offset(), e.payload()));
          }
        }
      }
      for (String[] m : held) {
        if (feed.lastOffset == null || Offsets.after(m[0], feed.lastOffset)) {
          feed.lastOffset = m[0];
          fanOut(feed, m[0], m[1]);
        }
      }
    });
  }

  /** Tells the channel's clients that messages may have been missed: {@code subscribed} with recovered false. */
  private void announceGap(Feed feed) {
    SharedTextFrame frame = SharedTextFrame.of(Frames.subscribed(feed.channel, false));
    for (LoopHub hub : feed.hubs.keySet()) {
      frame.retain();
      hub.context().runOnContext(v -> hub.deliver(feed.channel, null, frame));
    }
    frame.release();
  }

  /** Channels subscribed in Redis for message clients. */
  int channelCount() {
    return feeds.size();
  }
}
