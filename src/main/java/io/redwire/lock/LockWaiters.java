package io.redwire.lock;

import io.redwire.redis.RedisSubscriber;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Local waiters for lock releases, per resource channel, on the replica's shared subscriber. The channel
 * is subscribed while at least one waiter needs it. A release message wakes the oldest local waiter only:
 * one local try per release instead of a stampede; the others keep waiting for the next release (or
 * their backoff).
 *
 * <p>Pub/Sub is lossy, so waiters never rely on it alone. When the subscriber comes back after a dropped
 * connection, each channel's oldest waiter is woken, since releases during the outage were lost.
 */
final class LockWaiters {

  /** A registered waiter; {@link #cancel()} when done (idempotent). */
  interface Registration {
    void cancel();
  }

  private record Waiter(Context context, Runnable wake) {}

  private final RedisSubscriber subscriber;
  // guarded by this: touched from every HTTP event loop
  private final Map<String, Channel> channels = new HashMap<>();

  LockWaiters(RedisSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /** One resource's waiters, oldest first, and its subscription. */
  private final class Channel implements RedisSubscriber.Listener {
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    RedisSubscriber.Subscription subscription;

    @Override
    public void onMessage(String channel, String message) {
      wakeOldest(this);
    }

    @Override
    public void onResubscribed() {
      wakeOldest(this);
    }
  }

  Registration register(String channelName, Context context, Runnable wake) {
    Waiter waiter = new Waiter(context, wake);
    synchronized (this) {
      Channel channel = channels.get(channelName);
      if (channel == null) {
        channel = new Channel();
        channels.put(channelName, channel);
        channel.subscription = subscriber.subscribe(channelName, channel);
      }
      channel.waiters.add(waiter);
    }
    return () -> unregister(channelName, waiter);
  }

  private synchronized void unregister(String channelName, Waiter waiter) {
    Channel channel = channels.get(channelName);
    if (channel == null || !channel.waiters.remove(waiter)) {
      return;
    }
    if (channel.waiters.isEmpty()) {
      channels.remove(channelName);
      channel.subscription.cancel();
    }
  }

  private void wakeOldest(Channel channel) {
    Waiter oldest;
    synchronized (this) {
      oldest = channel.waiters.peekFirst();
    }
    if (oldest != null) {
      oldest.context().runOnContext(v -> oldest.wake().run());
    }
  }
}
