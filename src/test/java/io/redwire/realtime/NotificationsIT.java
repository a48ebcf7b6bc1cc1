package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.Reply;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Notifications through /ws on two replicas sharing one Redis: what one replica publishes reaches the
 * other's clients, durable channels carry offsets and recover what a client missed, and channels are
 * guarded by who the client is.
 */
@RedwireTest(env = {"REDWIRE_DURABLE_CHANNELS=news:*", "REDWIRE_CHANNEL_HISTORY_SIZE=20"})
@OnEveryTopology
class NotificationsIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;
  static TestApp other;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a, TestApps apps) {
    redis = r;
    app = a;
    other = apps.replicaOf(a);
  }

  private static Reply publish(TestApp via, JsonObject body) {
    return via.post("/api/v1/notifications", body, KEY);
  }

  @Test
  void aMessagePublishedThroughOneReplicaReachesClientsOfTheOther() {
    try (WsTestClient a = WsTestClient.connect(app, "?token=" + KEY, null);
        WsTestClient b = WsTestClient.connect(other, "", KEY)) {
      a.subscribed("alerts:ops");
      b.subscribed("alerts:ops");
      Reply sent = publish(app, new JsonObject().put("channel", "alerts:ops").put("payload", new JsonObject().put("n", 1)));
      assertEquals(202, sent.status(), sent.body());
      assertEquals(2L, sent.json().getLong("receivers"), "one subscription per replica's bridge, not per client");
      assertNull(sent.json().getString("offset"), "alerts:* keeps no history");
      for (WsTestClient c : List.of(a, b)) {
        JsonObject m = c.await(f -> "message".equals(f.getString("type")));
        assertEquals("alerts:ops", m.getString("channel"));
        assertEquals(new JsonObject().put("n", 1), m.getJsonObject("payload"));
        assertFalse(m.containsKey("offset"));
      }
    }
  }

  @Test
  void durableChannelsCarryOffsetsAndAReconnectingClientGetsWhatItMissedExactlyOnceInOrder() {
    String channel = "news:recovery";
    String lastSeen;
    try (WsTestClient first = WsTestClient.connect(other, "?token=" + KEY, null)) {
      first.subscribed(channel);
      for (int i = 0; i < 3; i++) {
        assertEquals(202, publish(app, message(channel, i)).status());
      }
      await().atMost(WsTestClient.WAIT).until(() -> first.messages(channel).size() == 3);
      lastSeen = first.messages(channel).get(2).getString("offset");
      assertNotNull(lastSeen);
    }
    List<String> missedOffsets = new ArrayList<>();
    for (int i = 3; i < 8; i++) {
      Reply r = publish(app, message(channel, i));
      missedOffsets.add(r.json().getString("offset"));
    }
    try (WsTestClient back = WsTestClient.connect(other, "?token=" + KEY, null)) {
      back.send(new JsonObject().put("op", "subscribe").put("channel", channel).put("since", lastSeen));
      JsonObject subscribed = back.await(f -> "subscribed".equals(f.getString("type")));
      assertEquals(Boolean.TRUE, subscribed.getBoolean("recovered"));
      assertEquals(202, publish(app, message(channel, 8)).status());
      await().atMost(WsTestClient.WAIT).until(() -> back.messages(channel).size() >= 6);
      List<Integer> seqs = back.messages(channel).stream().map(m -> m.getJsonObject("payload").getInteger("seq")).toList();
      assertEquals(List.of(3, 4, 5, 6, 7, 8), seqs, "missed ones in order, then live, none twice");
      assertEquals(missedOffsets, back.messages(channel).subList(0, 5).stream().map(m -> m.getString("offset")).toList());
      int subscribedAt = back.frames.indexOf(subscribed);
      assertTrue(back.frames.indexOf(back.messages(channel).get(0)) > subscribedAt, "the reply comes first");
    }
  }

  @Test
  void anOffsetOlderThanTheHistoryIsToldItCannotBeRecovered() {
    String channel = "news:overflow";
    String first = publish(app, message(channel, 0)).json().getString("offset");
    for (int i = 1; i < 30; i++) {
      publish(app, message(channel, i));
    }
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.send(new JsonObject().put("op", "subscribe").put("channel", channel).put("since", first));
      JsonObject subscribed = c.await(f -> "subscribed".equals(f.getString("type")));
      assertEquals(Boolean.FALSE, subscribed.getBoolean("recovered"), "the history keeps 20 of 30");
      await().atMost(WsTestClient.WAIT).until(() -> c.messages(channel).size() == 20);
      assertEquals(10, c.messages(channel).get(0).getJsonObject("payload").getInteger("seq"));
    }
  }

  @Test
  void aUserChannelIsReadableOnlyByThatUsersSessionOrAServiceKey() {
    String mine = app.post("/api/v1/sessions", new JsonObject().put("userId", "u-42"), KEY).json().getString("token");
    String theirs = app.post("/api/v1/sessions", new JsonObject().put("userId", "u-7"), KEY).json().getString("token");
    try (WsTestClient owner = WsTestClient.connect(other, "?token=" + mine, null);
        WsTestClient stranger = WsTestClient.connect(other, "", null);
        WsTestClient service = WsTestClient.connect(app, "", KEY)) {
      stranger.send(new JsonObject().put("op", "auth").put("token", theirs));
      stranger.await(f -> "authenticated".equals(f.getString("type")));
      owner.subscribed("user:u-42");
      service.subscribed("user:u-42");
      stranger.subscribe("user:u-42");
      JsonObject refused = stranger.await(f -> "error".equals(f.getString("type")));
      assertEquals("user:u-42", refused.getString("channel"));
      Reply sent = publish(app, new JsonObject().put("userId", "u-42").put("payload", "hello"));
      assertEquals(202, sent.status(), sent.body());
      assertEquals("user:u-42", sent.json().getString("channel"));
      assertEquals("hello", owner.await(f -> "message".equals(f.getString("type"))).getString("payload"));
      assertEquals("hello", service.await(f -> "message".equals(f.getString("type"))).getString("payload"));
      assertTrue(stranger.messages("user:u-42").isEmpty());
    }
  }

  @Test
  void anonymousClientsMayNotReadBroadcastChannelsAndABadTokenIsRefused() {
    try (WsTestClient anonymous = WsTestClient.connect(app, "", null)) {
      anonymous.subscribe("news:general");
      JsonObject refused = anonymous.await(f -> "error".equals(f.getString("type")));
      assertEquals("news:general", refused.getString("channel"));
    }
    Throwable refused = WsTestClient.refusal(app, "?token=not-a-key", null);
    assertTrue(refused.getMessage().contains("401"), refused.toString());
    try (WsTestClient late = WsTestClient.connect(app, "", null)) {
      late.send(new JsonObject().put("op", "auth").put("token", "nope-nope"));
      late.await(f -> "error".equals(f.getString("type")));
      assertEquals(CloseCodes.INVALID_TOKEN, late.awaitClose());
    }
  }

  @Test
  void badNotificationsAre400Or413AndPublishNothing() {
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.subscribed("alerts:bad");
      assertEquals(400, publish(app, new JsonObject().put("payload", 1)).status(), "no channel nor userId");
      assertEquals(400, publish(app, new JsonObject().put("channel", "alerts:bad").put("userId", "1").put("payload", 1))
          .status(), "both");
      assertEquals(400, publish(app, new JsonObject().put("channel", "bad channel").put("payload", 1)).status());
      assertEquals(400, publish(app, new JsonObject().put("channel", "leaderboard:global").put("payload", 1)).status(),
          "the server's own channels");
      assertEquals(400, publish(app, new JsonObject().put("channel", "alerts:bad")).status(), "no payload");
      assertEquals(400, publish(app, new JsonObject().put("channel", "alerts:bad").put("payload", 1).put("x", 1))
          .status(), "unknown field");
      Reply big = publish(app, new JsonObject().put("channel", "alerts:bad").put("payload", "x".repeat(20_000)));
      assertEquals(413, big.status(), big.body());
      assertEquals(401, app.post("/api/v1/notifications", new JsonObject().put("channel", "alerts:bad")
          .put("payload", 1), null).status());
      assertEquals(202, publish(app, new JsonObject().put("channel", "alerts:bad").put("payload", "ok")).status());
      JsonObject only = c.await(f -> "message".equals(f.getString("type")));
      assertEquals("ok", only.getString("payload"));
      assertEquals(1, c.messages("alerts:bad").size(), "none of the bad ones went out");
    }
  }

  private static JsonObject message(String channel, int seq) {
    return new JsonObject().put("channel", channel).put("payload", new JsonObject().put("seq", seq));
  }
}
