package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The /ws protocol against misbehaving clients: bad frames get error frames (or a close for a frame over
 * the limit) and leave the server unharmed; limits, heartbeats, idle and slow clients, shutdown. The
 * protocol does not depend on the Redis topology (NotificationsIT and LiveLeaderboardIT run on both).
 */
@RedwireTest(env = {"REDWIRE_WS_MAX_SUBSCRIPTIONS=20", "REDWIRE_WS_MAX_FRAME_BYTES=4096"})
class WebSocketProtocolIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void badFramesGetErrorFramesAndTheConnectionKeepsWorking(TestApp app) {
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.sendText("not json at all");
      c.sendText("[1,2,3]");
      c.send(new JsonObject().put("op", "dance"));
      c.send(new JsonObject().put("nop", 1));
      c.send(new JsonObject().put("op", "subscribe").put("channel", "bad channel!"));
      c.send(new JsonObject().put("op", "subscribe").put("channel", "alerts:x").put("since", "1-0"));
      c.send(new JsonObject().put("op", "unsubscribe").put("channel", "never"));
      await().atMost(WsTestClient.WAIT).until(() -> c.ofType("error").size() == 7);
      c.send(new JsonObject().put("op", "ping"));
      c.await(f -> "pong".equals(f.getString("type")));
      c.subscribed("alerts:x");
    }
  }

  @Test
  void aFrameOverTheLimitClosesTheConnectionWith1009(TestApp app) {
    try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
      c.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(10_000) + "\"}");
      assertEquals(1009, c.awaitClose());
    }
    assertEquals(200, app.get("/health/ready", null).status());
  }

  @Test
  void tenThousandSubscribesStopAtTheLimitAndTheServerServesOthers(TestApp app) throws Exception {
    try (WsTestClient flood = WsTestClient.connect(app, "?token=" + KEY, null);
        WsTestClient calm = WsTestClient.connect(app, "?token=" + KEY, null)) {
      for (int i = 0; i < 10_000; i++) {
        flood.subscribe("flood:" + i);
      }
      await().atMost(WsTestClient.WAIT).until(() -> flood.ofType("subscribed").size() + flood.ofType("error").size()
          == 10_000 || flood.closeCode != null);
      if (flood.closeCode == null) {
        assertEquals(20, flood.ofType("subscribed").size(), "the per-connection limit");
        assertTrue(flood.ofType("error").get(0).getString("detail").contains("limit"), "refused past the limit");
      } else {
        // a client that floods faster than it reads its error frames is a slow consumer: closed
        assertEquals(CloseCodes.SLOW_CONSUMER, flood.closeCode);
      }
      // either way Redis holds at most the 20 subscriptions the limit allows, never 10,000
      await().atMost(WsTestClient.WAIT).until(() -> gauge(app,
          "redwire_redis_subscribed_channels{endpoint=\"durable\",role=\"bridge\"}") <= 20.0);
      calm.subscribed("alerts:calm");
      assertEquals(202, app.post("/api/v1/notifications", new JsonObject().put("channel", "alerts:calm")
          .put("payload", 1), KEY).status());
      calm.await(f -> "message".equals(f.getString("type")));
    }
  }

  @Test
  void theServerPingsQuietClientsAndClosesOnesThatNeverAnswer(TestApps apps) throws Exception {
    TestApp app = apps.start(Map.of("REDWIRE_WS_PING_INTERVAL_MS", "200", "REDWIRE_WS_IDLE_TIMEOUT_MS", "1000"));
    // the Vert.x client answers pings with pongs: it stays; the raw one never does: closed with 4009
    try (WsTestClient answering = WsTestClient.connect(app, "?token=" + KEY, null);
        RawWsClient silent = new RawWsClient(URI.create(app.baseUrl()).getPort(), "/ws?token=" + KEY)) {
      assertEquals(CloseCodes.IDLE, silent.readUntilClose());
      answering.send(new JsonObject().put("op", "ping"));
      answering.await(f -> "pong".equals(f.getString("type")));
      assertTrue(answering.closeCode == null, "a client that answers pings stays open");
    }
  }

  @Test
  void aClientThatNeverReadsIsClosedAndOthersGetEverything(TestApps apps) throws Exception {
    TestApp app = apps.start(Map.of("REDWIRE_WS_WRITE_QUEUE_BYTES", "16384"));
    String payload = "y".repeat(15_000);
    try (WsTestClient reader = WsTestClient.connect(app, "?token=" + KEY, null);
        RawWsClient stuck = new RawWsClient(URI.create(app.baseUrl()).getPort(), "/ws?token=" + KEY)) {
      reader.subscribed("alerts:firehose");
      stuck.sendText("{\"op\":\"subscribe\",\"channel\":\"alerts:firehose\"}");
      await().atMost(WsTestClient.WAIT).until(() -> gauge(app, "redwire_ws_connections") == 2.0);
      for (int i = 0; i < 600; i++) {
        assertEquals(202, app.post("/api/v1/notifications", new JsonObject().put("channel", "alerts:firehose")
            .put("payload", new JsonObject().put("i", i).put("pad", payload)), KEY).status());
      }
      await().atMost(WsTestClient.WAIT).until(() -> reader.messages("alerts:firehose").size() == 600);
      await().atMost(WsTestClient.WAIT).until(() -> gauge(app, "redwire_ws_connections") == 1.0);
      assertTrue(gauge(app, "redwire_ws_closed_total{reason=\"slow_consumer\"}") >= 1.0);
      assertEquals(CloseCodes.SLOW_CONSUMER, stuck.readUntilClose(), "told why, once it reads again");
    }
  }

  @Test
  void theReplicaRefusesUpgradesOverItsConnectionLimitAndPlainGets(TestApps apps) {
    TestApp app = apps.start(Map.of("REDWIRE_WS_MAX_CONNECTIONS", "2"));
    try (WsTestClient one = WsTestClient.connect(app, "", null);
        WsTestClient two = WsTestClient.connect(app, "", null)) {
      Throwable third = WsTestClient.refusal(app, "", null);
      assertTrue(third.getMessage().contains("503"), third.toString());
    }
    Reply plain = app.get("/ws", null);
    assertEquals(426, plain.status(), plain.body());
    assertEquals("websocket", plain.header("Upgrade"));
  }

  @Test
  void anAnonymousClientThatNeverAuthenticatesIsClosed(TestApps apps) {
    TestApp app = apps.start(Map.of("REDWIRE_WS_AUTH_TIMEOUT_MS", "300"));
    try (WsTestClient c = WsTestClient.connect(app, "", null)) {
      assertEquals(CloseCodes.AUTH_TIMEOUT, c.awaitClose());
    }
  }

  @Test
  void stoppingTheServerClosesClientsWith1001(TestApps apps) {
    TestApp app = apps.start(Map.of());
    // the client's own Vert.x: the app's goes away with it
    io.vertx.core.Vertx clientVertx = io.vertx.core.Vertx.vertx();
    try {
      WsTestClient c = WsTestClient.connect(clientVertx, app.baseUrl(), "?token=" + KEY, null)
          .toCompletionStage().toCompletableFuture().join();
      c.subscribed("alerts:bye");
      app.close();
      assertEquals(CloseCodes.GOING_AWAY, c.awaitClose());
    } finally {
      clientVertx.close();
    }
  }

  private static double gauge(TestApp app, String series) {
    String metrics = app.get("/metrics", null).body();
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
