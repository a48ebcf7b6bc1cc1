package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live leaderboard windows over /ws: a snapshot on subscribe, then the new window after score writes made
 * through any replica, with rank movements; bursts are coalesced, and anonymous clients may watch.
 */
@RedwireTest
@OnEveryTopology
class LiveLeaderboardIT {

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

  private static void score(TestApp via, String board, String member, double score) {
    assertEquals(200, via.post("/api/v1/leaderboards/" + board + "/scores",
        new JsonObject().put("member", member).put("score", score).put("mode", "set"), KEY).status());
  }

  private static List<String> members(JsonObject frame) {
    return frame.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("member")).toList();
  }

  @Test
  void aWatcherGetsASnapshotThenTheNewWindowWithRankMovements() {
    String board = "live-" + System.nanoTime();
    score(app, board, "ann", 10);
    score(app, board, "bob", 20);
    try (WsTestClient c = WsTestClient.connect(other, "", null)) {
      c.send(new JsonObject().put("op", "subscribe").put("channel", "leaderboard:" + board).put("top", 2));
      c.await(f -> "subscribed".equals(f.getString("type")));
      JsonObject snapshot = c.await(f -> "leaderboard".equals(f.getString("type")));
      assertEquals(List.of("bob", "ann"), members(snapshot));
      assertEquals(new JsonArray(), snapshot.getJsonArray("changes"));

      score(app, board, "cid", 30);
      JsonObject update = c.await(f -> "leaderboard".equals(f.getString("type")) && members(f).get(0).equals("cid"));
      assertEquals(List.of("cid", "bob"), members(update));
      JsonArray changes = update.getJsonArray("changes");
      assertTrue(changes.contains(new JsonObject().put("member", "cid").put("change", "entered").putNull("from").put("to", 0)),
          changes.encode());
      assertTrue(changes.contains(new JsonObject().put("member", "bob").put("change", "moved").put("from", 0).put("to", 1)),
          changes.encode());
      assertTrue(changes.contains(new JsonObject().put("member", "ann").put("change", "left").put("from", 1).putNull("to")),
          changes.encode());
    }
  }

  @Test
  void aBurstOfWritesIsCoalescedIntoFewFramesEndingAtTheFinalWindow() {
    String board = "burst-" + System.nanoTime();
    score(app, board, "m0", 0);
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.send(new JsonObject().put("op", "subscribe").put("channel", "leaderboard:" + board).put("top", 3));
      c.await(f -> "leaderboard".equals(f.getString("type")));
      for (int i = 1; i <= 60; i++) {
        score(i % 2 == 0 ? app : other, board, "m" + i, i);
      }
      await().atMost(WsTestClient.WAIT).until(() -> {
        List<JsonObject> frames = c.ofType("leaderboard");
        return members(frames.get(frames.size() - 1)).equals(List.of("m60", "m59", "m58"));
      });
      int frames = c.ofType("leaderboard").size();
      assertTrue(frames < 60, "60 writes made " + frames + " frames: the feed reads a board at most every 100 ms");
    }
  }

  @Test
  void anAroundWindowFollowsItsMember() {
    String board = "around-" + System.nanoTime();
    for (int i = 0; i < 10; i++) {
      score(app, board, "p" + i, i * 10);
    }
    try (WsTestClient c = WsTestClient.connect(app, "", null)) {
      c.send(new JsonObject().put("op", "subscribe").put("channel", "leaderboard:" + board).put("around", "p5")
          .put("radius", 1));
      JsonObject snapshot = c.await(f -> "leaderboard".equals(f.getString("type")));
      assertEquals(List.of("p6", "p5", "p4"), members(snapshot));
      score(other, board, "p5", 1000);
      JsonObject moved = c.await(f -> "leaderboard".equals(f.getString("type")) && members(f).get(0).equals("p5"));
      assertEquals(List.of("p5", "p9"), members(moved));
    }
  }

  @Test
  void privateBoardsNeedATokenWhenLeaderboardsAreNotPublic(TestApps apps) {
    TestApp closed = apps.start(java.util.Map.of("REDWIRE_PUBLIC_LEADERBOARDS", "false"));
    try (WsTestClient anonymous = WsTestClient.connect(closed, "", null);
        WsTestClient keyed = WsTestClient.connect(closed, "?token=" + KEY, null)) {
      anonymous.subscribe("leaderboard:global");
      assertEquals("leaderboard:global", anonymous.await(f -> "error".equals(f.getString("type"))).getString("channel"));
      keyed.subscribed("leaderboard:global");
    }
  }
}
