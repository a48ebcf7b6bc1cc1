package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notifications through /ws on a cluster of Redis 6.2 masters, where Pub/Sub is plain (one master carries
 * a replica's channels, the cluster bus carries each message to every master): what one replica
 * publishes reaches the clients of both, and a durable channel's history recovers what a client missed.
 * {@code receivers} is what the publishing master counted, so it is at most the number of replicas here.
 */
@RedwireTest(redis = RedisSource.CLUSTER_6_2, env = {"REDWIRE_DURABLE_CHANNELS=news:*"})
class NotificationsOnRedis62ClusterIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aMessageFromOneReplicaReachesClientsOfBothAndADurableChannelRecovers(TestApp app, TestApps apps) {
    TestApp other = apps.replicaOf(app);
    try (WsTestClient a = WsTestClient.connect(app, "?token=" + KEY, null);
        WsTestClient b = WsTestClient.connect(other, "", KEY)) {
      a.subscribed("alerts:plain");
      b.subscribed("alerts:plain");
      Reply sent = publish(other, "alerts:plain", 1);
      assertEquals(202, sent.status(), sent.body());
      assertTrue(sent.json().getLong("receivers") <= 2, sent.body());
      for (WsTestClient c : List.of(a, b)) {
        JsonObject m = c.await(f -> "message".equals(f.getString("type")));
        assertEquals(new JsonObject().put("seq", 1), m.getJsonObject("payload"));
      }

      b.subscribed("news:plain");
      Reply first = publish(app, "news:plain", 1);
      await().atMost(WsTestClient.WAIT).until(() -> b.messages("news:plain").size() == 1);
      String seen = b.messages("news:plain").get(0).getString("offset");
      assertEquals(first.json().getString("offset"), seen);
      publish(app, "news:plain", 2);
      publish(app, "news:plain", 3);
      try (WsTestClient late = WsTestClient.connect(app, "", KEY)) {
        late.send(new JsonObject().put("op", "subscribe").put("channel", "news:plain").put("since", seen));
        await().atMost(WsTestClient.WAIT).until(() -> late.messages("news:plain").size() == 2);
        assertEquals(List.of(2, 3), late.messages("news:plain").stream()
            .map(m -> m.getJsonObject("payload").getInteger("seq")).toList(), "what it missed, in order");
      }
    }
  }

  private static Reply publish(TestApp via, String channel, int seq) {
    return via.post("/api/v1/notifications",
        new JsonObject().put("channel", channel).put("payload", new JsonObject().put("seq", seq)), KEY);
  }
}
