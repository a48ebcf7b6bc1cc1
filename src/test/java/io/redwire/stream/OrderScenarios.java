package io.redwire.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Orders over HTTP against a real Redis: billed once into the profile in cents, repeats and concurrent
 * posts of one orderId, a redelivered entry, a poison entry dead-lettered and replayed, bad input, the
 * described stream. Each subclass runs it on one topology or Redis version, with these settings:
 * {@code REDWIRE_STREAM_CLAIM_IDLE_MS=300}, {@code REDWIRE_STREAM_CLAIM_INTERVAL_MS=200},
 * {@code REDWIRE_STREAM_MAX_DELIVERIES=3}, {@code REDWIRE_STREAM_BLOCK_MS=500}.
 */
abstract class OrderScenarios {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  /** Each subclass hands over the Redis and app of its run ({@code @BeforeEachTopology} or {@code @BeforeAll}). */
  static void startWith(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Reply order(String orderId, String userId, Object amount) {
    return app.post("/api/v1/orders", new JsonObject().put("orderId", orderId).put("userId", userId)
        .put("amount", amount), KEY);
  }

  static JsonObject profileOf(String userId) {
    Reply r = app.get("/api/v1/users/" + userId, KEY);
    return r.status() == 200 ? r.json().getJsonObject("fields") : new JsonObject();
  }

  static long streamLength() {
    return redis.client().number("XLEN", app.prefix() + "stream:{orders}");
  }

  @Test
  void anOrderIsBilledOnceIntoTheProfileInCentsAndARepeatAppendsNothing() {
    String user = user();
    Reply first = order("ord-" + user, user, "99.99");
    assertEquals(202, first.status(), first.body());
    String eventId = first.json().getString("eventId");
    long length = streamLength();

    Reply again = order("ord-" + user, user, "99.99");
    assertEquals(200, again.status(), again.body());
    assertEquals(eventId, again.json().getString("eventId"), "a repeat answers with the first eventId");
    assertEquals(length, streamLength(), "a repeat appends nothing");

    await().atMost(Duration.ofSeconds(10)).until(() -> profileOf(user).getValue("orders") != null);
    assertEquals(1L, ((Number) profileOf(user).getValue("orders")).longValue());
    assertEquals("99.99", profileOf(user).getValue("spent"), "spent reads as a decimal string");

    String etag = app.get("/api/v1/users/" + user, KEY).header("ETag");
    assertEquals(202, order("ord2-" + user, user, 0.01).status());
    assertEquals(202, order("ord3-" + user, user, "100").status());
    await().atMost(Duration.ofSeconds(10)).until(() -> "200.00".equals(profileOf(user).getValue("spent")));
    assertEquals(3L, ((Number) profileOf(user).getValue("orders")).longValue());
    assertNotEquals(etag, app.get("/api/v1/users/" + user, KEY).header("ETag"), "billing moves the ETag on");
  }

  @Test
  void manySmallAmountsAddUpWithoutFloatDrift() {
    String user = user();
    for (int i = 0; i < 30; i++) {
      assertEquals(202, order("drift-" + i + "-" + user, user, "0.10").status());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> "3.00".equals(profileOf(user).getValue("spent")));
    assertEquals(30L, ((Number) profileOf(user).getValue("orders")).longValue());
  }

  @Test
  void badOrdersAre400AndAppendNothing() {
    long before = streamLength();
    String user = user();
    for (Object amount : List.of("1.234", "-1", "0", "0.00", "abc", "1e3", 12.345, "100000000.01", true)) {
      Reply r = order("bad-" + user, user, amount);
      assertEquals(400, r.status(), "amount " + amount + ": " + r.body());
      assertTrue(r.body().contains("amount"), r.body());
    }
    assertEquals(400, order("bad id", user, "1.00").status());
    assertEquals(400, order("ok-id", "a/b", "1.00").status());
    assertEquals(400, app.post("/api/v1/orders", new JsonObject().put("orderId", "x").put("amount", "1"), KEY).status());
    assertEquals(400, app.post("/api/v1/orders", new JsonObject().put("orderId", "x").put("userId", user)
        .put("amount", "1").put("currency", "eur"), KEY).status());
    assertEquals(400, app.post("/api/v1/orders", new JsonObject().put("orderId", "x").put("userId", user)
        .put("amount", "1").put("extra", 1), KEY).status());
    assertEquals(before, streamLength(), "nothing was appended");
    assertEquals(0L, redis.client().number("EXISTS", app.prefix() + "stream:{orders}:order:bad-" + user));
  }

  @Test
  void concurrentPostsOfOneOrderIdAppendOneEntry() throws Exception {
    String user = user();
    long before = streamLength();
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        Reply r = order("dup-" + user, user, "5.00");
        if (r.status() == 202) {
          created.incrementAndGet();
        }
        ids.add(r.json().getString("eventId"));
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1, created.get(), "one 202, the others 200");
    assertEquals(1, ids.size(), "every answer names the same entry");
    assertEquals(before + 1, streamLength());
    await().atMost(Duration.ofSeconds(10)).until(() -> "5.00".equals(profileOf(user).getValue("spent")));
    assertEquals(1L, ((Number) profileOf(user).getValue("orders")).longValue());
  }

  @Test
  void theSameEntryDeliveredAgainBillsNothing() {
    String user = user();
    String id = order("again-" + user, user, "7.50").json().getString("eventId");
    await().atMost(Duration.ofSeconds(10)).until(() -> "7.50".equals(profileOf(user).getValue("spent")));
    // the entry was acked; FORCE makes it pending again on a consumer that will never ack it, as if an
    // ack had been lost: the claimer takes it after the idle time and processes it again
    redis.call("XCLAIM", app.prefix() + "stream:{orders}", "billing", "ghost", "0", id, "FORCE");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        redis.client().list("XPENDING", app.prefix() + "stream:{orders}", "billing").get(0).equals(0L));
    assertEquals("7.50", profileOf(user).getValue("spent"));
    assertEquals(1L, ((Number) profileOf(user).getValue("orders")).longValue());
  }

  @Test
  void aPoisonEntryIsDeadLetteredAfterTheConfiguredDeliveriesAndTheRestFlowOn() {
    String stream = app.prefix() + "stream:{orders}";
    String poison = redis.client().string("XADD", stream, "*", "orderId", "poison", "userId", "p1",
        "amountCents", "not-a-number");
    String user = user();
    assertEquals(202, order("after-poison-" + user, user, "1.25").status());
    await().atMost(Duration.ofSeconds(10)).until(() -> "1.25".equals(profileOf(user).getValue("spent")));

    await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/v1/streams/orders/dead-letters", KEY)
        .json().getJsonArray("deadLetters").stream()
        .anyMatch(d -> ((JsonObject) d).getString("originalId").equals(poison)));
    JsonObject dead = app.get("/api/v1/streams/orders/dead-letters", KEY).json().getJsonArray("deadLetters").stream()
        .map(d -> (JsonObject) d).filter(d -> d.getString("originalId").equals(poison)).findFirst().orElseThrow();
    assertEquals("billing", dead.getString("group"));
    assertEquals(3L, dead.getLong("deliveries"));
    assertTrue(dead.getString("error").contains("not an order"), dead.encode());
    assertEquals("not-a-number", dead.getJsonObject("entry").getString("amountCents"));
    assertEquals(0L, profileOf("p1").size(), "the poison billed nothing");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        redis.client().list("XPENDING", stream, "billing").get(0).equals(0L));
    assertTrue(app.get("/metrics", null).body().contains("redwire_stream_dead_lettered_total{group=\"billing\",stream=\"orders\"}"));

    Reply replayed = app.post("/api/v1/streams/orders/dead-letters/" + dead.getString("id") + "/replay", null, KEY);
    assertEquals(202, replayed.status(), replayed.body());
    String newId = replayed.json().getString("eventId");
    assertNotEquals(poison, newId);
    assertTrue(app.get("/api/v1/streams/orders/dead-letters", KEY).json().getJsonArray("deadLetters").stream()
        .noneMatch(d -> ((JsonObject) d).getString("id").equals(dead.getString("id"))), "replay removes the dead letter");
    assertEquals(404, app.post("/api/v1/streams/orders/dead-letters/" + dead.getString("id") + "/replay", null, KEY)
        .status());
    assertEquals(400, app.post("/api/v1/streams/orders/dead-letters/nope/replay", null, KEY).status());
  }

  @Test
  void anOrderForAProfileWhoseTotalsAreNotNumbersIsRefusedAndDeadLettered() {
    String user = user();
    assertEquals(200, app.put("/api/v1/users/" + user, new JsonObject().put("orders", "lots").put("name", "Bo"), KEY)
        .status());
    String etag = app.get("/api/v1/users/" + user, KEY).header("ETag");
    String id = order("conflict-" + user, user, "1.00").json().getString("eventId");
    await().atMost(Duration.ofSeconds(20)).until(() -> app.get("/api/v1/streams/orders/dead-letters", KEY).json()
        .getJsonArray("deadLetters").stream().anyMatch(d -> ((JsonObject) d).getString("originalId").equals(id)));
    JsonObject dead = app.get("/api/v1/streams/orders/dead-letters", KEY).json().getJsonArray("deadLetters").stream()
        .map(d -> (JsonObject) d).filter(d -> d.getString("originalId").equals(id)).findFirst().orElseThrow();
    assertTrue(dead.getString("error").contains("orders is not a whole number"), dead.encode());
    assertEquals(new JsonObject().put("orders", "lots").put("name", "Bo"), profileOf(user), "nothing was written");
    assertEquals(etag, app.get("/api/v1/users/" + user, KEY).header("ETag"));
  }

  @Test
  void aProfileVersionBeyondWhatLuaCountsExactlyStillMovesOnByOne() {
    String user = user();
    assertEquals(202, order("v1-" + user, user, "1.00").status());
    await().atMost(Duration.ofSeconds(10)).until(() -> "1.00".equals(profileOf(user).getValue("spent")));
    String key = app.prefix() + "user:{" + user + "}";
    redis.call("HSET", key, "#v", "9007199254740993");
    assertEquals(202, order("v2-" + user, user, "1.00").status());
    await().atMost(Duration.ofSeconds(10)).until(() -> "2.00".equals(profileOf(user).getValue("spent")));
    assertEquals("9007199254740994", redis.call("HGET", key, "#v"));
  }

  @Test
  void ordersStreamIsDescribedWithTheBillingGroup() {
    assertEquals(202, order("desc-" + user(), user(), "2.00").status());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonObject d = app.get("/api/v1/streams/orders", KEY).json();
      JsonObject g = d.getJsonArray("groups").stream().map(o -> (JsonObject) o)
          .filter(o -> o.getString("name").equals("billing")).findFirst().orElse(null);
      return g != null && g.getLong("lag") == 0 && g.getLong("pending") == 0 && d.getLong("length") > 0
          && d.getString("lastId") != null && !g.getJsonArray("consumers").isEmpty();
    });
    assertTrue(app.get("/metrics", null).body().contains("redwire_stream_processed_total"));
  }
}
