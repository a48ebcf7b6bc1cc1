package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bridge's subscription is lost (its connection killed, or Redis restarted) while messages are
 * published: clients of a durable channel still get every message exactly once, in order; clients of a
 * plain channel are told of the gap and receive again.
 */
// the bridge waits about a second before it reconnects: messages published meanwhile would be lost without the history
@RedwireTest(redis = RedisSource.PRIVATE, env = {"REDWIRE_DURABLE_CHANNELS=news:*",
    "REDWIRE_REDIS_RECONNECT_MIN_MS=1000", "REDWIRE_REDIS_RECONNECT_MAX_MS=1500"})
@OnEveryTopology
class BridgeRecoveryIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  private static Reply publish(String channel, int seq) {
    return app.post("/api/v1/notifications",
        new JsonObject().put("channel", channel).put("payload", new JsonObject().put("seq", seq)), KEY);
  }

  private static List<Integer> seqs(WsTestClient c, String channel) {
    return c.messages(channel).stream().map(m -> m.getJsonObject("payload").getInteger("seq")).toList();
  }

  @Test
  void messagesPublishedWhileTheSubscriptionIsDownAreReplayedExactlyOnce() {
    String channel = "news:replay";
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.subscribed(channel);
      assertEquals(202, publish(channel, 0).status());
      c.await(f -> "message".equals(f.getString("type")));
      // drop every Pub/Sub connection (the bridge's among them); Redis itself stays up
      redis.callOnEach("CLIENT", "KILL", "TYPE", "pubsub");
      for (int i = 1; i <= 10; i++) {
        assertEquals(202, publish(channel, i).status());
      }
      await().atMost(WsTestClient.WAIT).until(() -> seqs(c, channel).size() >= 11);
      assertEquals(202, publish(channel, 11).status());
      await().atMost(WsTestClient.WAIT).until(() -> seqs(c, channel).size() >= 12);
      assertEquals(IntStream.rangeClosed(0, 11).boxed().toList(), seqs(c, channel), "all, in order, none twice");
    }
  }

  @Test
  void aPlainChannelIsToldOfTheGapAndReceivesAgain() {
    String channel = "alerts:gap";
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.subscribed(channel);
      redis.callOnEach("CLIENT", "KILL", "TYPE", "pubsub");
      JsonObject gap = c.await(f -> "subscribed".equals(f.getString("type")) && Boolean.FALSE.equals(f.getBoolean("recovered")));
      assertEquals(channel, gap.getString("channel"));
      await().atMost(WsTestClient.WAIT).untilAsserted(() -> {
        publish(channel, 1);
        assertEquals(false, c.messages(channel).isEmpty());
      });
    }
  }

  @Test
  void afterARedisRestartClientsReceiveAgainAndNothingPublishedSinceIsMissed() {
    assumeFalse(redis.isCluster(), "restarts the one Redis (ClusterMasterDownIT stops a cluster master)");
    String durable = "news:restart";
    String plain = "alerts:restart";
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.subscribed(durable);
      c.subscribed(plain);
      redis.restart();
      List<Integer> accepted = new ArrayList<>();
      int seq = 0;
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      // fewer than the history holds (1000): the guarantee covers what the history still has
      while (System.nanoTime() < until && accepted.size() < 200) {
        if (publish(durable, seq).status() == 202) {
          accepted.add(seq);
        }
        seq++;
      }
      int last = seq;
      await().atMost(WsTestClient.WAIT).untilAsserted(() -> {
        publish(plain, last);
        assertEquals(false, c.messages(plain).isEmpty(), "the plain channel receives again");
      });
      await().atMost(WsTestClient.WAIT).untilAsserted(() -> assertEquals(accepted, seqs(c, durable),
          "every accepted message, once, in order"));
    }
  }
}
