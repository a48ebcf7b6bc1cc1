package io.redwire.topology;

import io.redwire.redis.RedisSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber listener that records what it hears: messages, and each time it was told it is subscribed again. */
final class RecordingListener implements RedisSubscriber.Listener {

  final List<String> received = new CopyOnWriteArrayList<>();
  final List<String> resubscribed = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(String channel, String message) {
    received.add(message);
  }

  @Override
  public void onResubscribed() {
    resubscribed.add("again");
  }
}
