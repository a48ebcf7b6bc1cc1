package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.redis.RedisSubscriber;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub on a Redis 7 cluster is sharded: each channel is SSUBSCRIBEd on the master of its slot, and
 * the subscriber follows that master's restart and the slot's move to another master.
 */
@RedwireTest(redis = RedisSource.CLUSTER)
class ShardedPubSubIT {

  static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void eachChannelIsSubscribedOnTheMasterOfItsSlot(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    assertTrue(subscriber.sharded(), "every master runs Redis 7+");
    assertEquals("SPUBLISH", subscriber.publishCommand());
    Set<TestRedis> owners = new HashSet<>();
    List<RedisSubscriber.Subscription> subscriptions = new CopyOnWriteArrayList<>();
    RecordingListener listener = new RecordingListener();
    List<String> received = listener.received;
    for (int i = 0; i < 12; i++) {
      String channel = app.prefix() + "spread:" + i;
      owners.add(ClusterSlots.ownerOf(redis, channel));
      subscriptions.add(subscriber.subscribe(channel, listener));
    }
    assertEquals(3, owners.size(), "12 channels fall on all three masters");
    for (int i = 0; i < 12; i++) {
      String channel = app.prefix() + "spread:" + i;
      TestRedis owner = ClusterSlots.ownerOf(redis, channel);
      await().atMost(WAIT).until(() -> shardSubscribers(owner, channel) == 1L);
      for (TestRedis other : ClusterSlots.others(redis, owner)) {
        assertEquals(0L, shardSubscribers(other, channel), "subscribed on its slot's master only");
      }
      owner.call("SPUBLISH", channel, "hello " + i);
    }
    await().atMost(WAIT).until(() -> received.size() == 12);
    subscriptions.forEach(RedisSubscriber.Subscription::cancel);
    for (int i = 0; i < 12; i++) {
      String channel = app.prefix() + "spread:" + i;
      TestRedis owner = ClusterSlots.ownerOf(redis, channel);
      await().atMost(WAIT).until(() -> shardSubscribers(owner, channel) == 0L);
    }
    assertEquals(0, subscriber.channelCount());
  }

  @Test
  void aRestartedMasterGetsItsChannelsBackAndListenersAreTold(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    String channel = app.prefix() + "restart";
    TestRedis owner = ClusterSlots.ownerOf(redis, channel);
    RecordingListener listener = new RecordingListener();
    List<String> received = listener.received;
    List<String> resubscribed = listener.resubscribed;
    RedisSubscriber.Subscription s = subscriber.subscribe(channel, listener);
    await().atMost(WAIT).until(() -> shardSubscribers(owner, channel) == 1L);

    owner.stop();
    owner.startAgain();
    await().atMost(WAIT).until(() -> resubscribed.size() == 1);
    await().atMost(WAIT).untilAsserted(() -> {
      owner.call("SPUBLISH", channel, "after restart");
      assertTrue(received.contains("after restart"));
    });
    s.cancel();
  }

  @Test
  void aChannelFollowsItsSlotToAnotherMaster(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    String channel = app.prefix() + "moving";
    int slot = ClusterSlots.slotOf(redis, channel);
    TestRedis from = ClusterSlots.ownerOf(redis, channel);
    TestRedis to = ClusterSlots.others(redis, from).get(0);
    RecordingListener listener = new RecordingListener();
    List<String> received = listener.received;
    List<String> resubscribed = listener.resubscribed;
    RedisSubscriber.Subscription s = subscriber.subscribe(channel, listener);
    await().atMost(WAIT).until(() -> shardSubscribers(from, channel) == 1L);

    // the slot holds no keys, so it can be handed over without MIGRATE: the new owner first, then the rest
    String toId = ClusterSlots.idOf(to);
    to.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
    from.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
    for (TestRedis other : ClusterSlots.others(redis, to)) {
      if (other != from) {
        other.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
      }
    }
    await().atMost(WAIT).until(() -> shardSubscribers(to, channel) == 1L);
    assertEquals(0L, shardSubscribers(from, channel));
    await().atMost(WAIT).until(() -> resubscribed.size() == 1);
    await().atMost(WAIT).untilAsserted(() -> {
      to.call("SPUBLISH", channel, "on the new master");
      assertTrue(received.contains("on the new master"));
    });
    s.cancel();
  }


  private static long shardSubscribers(TestRedis node, String channel) {
    return (Long) ((List<?>) node.call("PUBSUB", "SHARDNUMSUB", channel)).get(1);
  }
}
