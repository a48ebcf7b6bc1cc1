package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.redis.RedisSubscriber;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pub/Sub on a cluster whose masters run Redis 6.2 (no SSUBSCRIBE/SPUBLISH): the subscriber falls back to
 * plain SUBSCRIBE, every channel on one master (the cluster bus carries a PUBLISH on any master to all of
 * them), and moves to another master when that one goes away. Lock wake-ups ride on it. The waiter backoff
 * is far above the wake-up bound, as in LockIT, so a prompt wake-up is the release message's doing.
 */
@RedwireTest(redis = RedisSource.CLUSTER_6_2,
    env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainPubSubClusterIT {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  @Order(1)
  void everyChannelIsSubscribedOnOneMasterAndHearsPublishesOnAnyMaster(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    assertFalse(subscriber.sharded(), "no master runs Redis 7+");
    assertEquals("PUBLISH", subscriber.publishCommand());
    RecordingListener listener = new RecordingListener();
    List<String> received = listener.received;
    List<RedisSubscriber.Subscription> subscriptions = new ArrayList<>();
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String channel = app.prefix() + "plain:" + i;
      channels.add(channel);
      subscriptions.add(subscriber.subscribe(channel, listener));
    }
    subscriptions.forEach(s -> s.active().toCompletionStage().toCompletableFuture().join());
    TestRedis carrier = carrierOf(redis, channels.get(0));
    for (String channel : channels) {
      assertEquals(carrier, carrierOf(redis, channel), "all channels share one connection");
    }
    int n = 0;
    for (TestRedis node : redis.nodes()) {
      node.call("PUBLISH", channels.get(n % channels.size()), "from node " + n);
      n++;
    }
    await().atMost(WAIT).until(() -> received.size() == 3);
    subscriptions.forEach(RedisSubscriber.Subscription::cancel);
    await().atMost(WAIT).until(() -> channels.stream().allMatch(c -> subscribersOn(carrier, c) == 0L));
  }

  @Test
  @Order(2)
  void aLockWaiterIsWokenByAReleaseWhoseKeyLivesOnAnotherMaster(TestRedis redis, TestApp app) throws Exception {
    Reply holder = app.post("/api/v1/locks/plain-wake", new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, holder.status(), holder.toString());
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(() -> app.post("/api/v1/locks/plain-wake",
        new JsonObject().put("waitMs", 15_000), KEY));
    String channel = app.prefix() + "lock:{plain-wake}:released";
    await("waiter subscribed").atMost(WAIT).pollInterval(Duration.ofMillis(20))
        .until(() -> redis.nodes().stream().mapToLong(node -> subscribersOn(node, channel)).sum() == 1L);
    long releasedAt = System.nanoTime();
    assertEquals(204, app.delete("/api/v1/locks/plain-wake?token=" + holder.json().getString("token"), KEY).status());
    Reply got = waiter.get(30, TimeUnit.SECONDS);
    assertEquals(201, got.status(), got.toString());
    assertTrue((System.nanoTime() - releasedAt) / 1_000_000 < 1500, "woken by the release, not by polling");
    assertTrue(got.json().getLong("fence") > holder.json().getLong("fence"));
  }

  @Test
  @Order(3)
  void whenTheCarryingMasterStopsTheChannelsMoveToAnotherAndListenersAreTold(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    String channel = app.prefix() + "plain:moving";
    RecordingListener listener = new RecordingListener();
    List<String> received = listener.received;
    List<String> resubscribed = listener.resubscribed;
    RedisSubscriber.Subscription s = subscriber.subscribe(channel, listener);
    s.active().toCompletionStage().toCompletableFuture().join();
    TestRedis carrier = carrierOf(redis, channel);
    carrier.stop();
    try {
      TestRedis survivor = ClusterSlots.others(redis, carrier).get(0);
      await().atMost(WAIT).until(() -> subscribersOn(survivor, channel) + subscribersOn(ClusterSlots.others(redis, carrier).get(1), channel) == 1L);
      await().atMost(WAIT).until(() -> resubscribed.size() == 1);
      // a keyless PUBLISH is served even while the cluster reports a missing master
      await().atMost(WAIT).untilAsserted(() -> {
        survivor.call("PUBLISH", channel, "after the move");
        assertTrue(received.contains("after the move"));
      });
    } finally {
      s.cancel();
      carrier.startAgain();
      await("cluster_state:ok again").atMost(WAIT)
          .until(() -> redis.nodes().stream().allMatch(n -> n.call("CLUSTER", "INFO").toString().contains("cluster_state:ok")));
    }
  }

  /** The one master whose connections hold a subscription to {@code channel}. */
  private static TestRedis carrierOf(TestRedis cluster, String channel) {
    List<TestRedis> carriers = cluster.nodes().stream().filter(n -> subscribersOn(n, channel) == 1L).toList();
    assertEquals(1, carriers.size(), "subscribed on exactly one master");
    return carriers.get(0);
  }

  private static long subscribersOn(TestRedis node, String channel) {
    return (Long) ((List<?>) node.call("PUBSUB", "NUMSUB", channel)).get(1);
  }

}
