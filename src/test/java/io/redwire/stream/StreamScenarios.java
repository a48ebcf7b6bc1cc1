package io.redwire.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Any stream over HTTP against a real Redis: events appended, read and bounded, consumer groups (read,
 * long poll, ack, claim), the description with pending and lag, bad input. Each subclass runs it on one
 * topology or Redis version, with {@code REDWIRE_STREAM_MAX_EVENT_BYTES=1024}, {@code REDWIRE_STREAM_MAXLEN=50}
 * and {@code REDWIRE_STREAM_CLAIM_INTERVAL_MS=200} (the group gauges are refreshed at that interval).
 */
abstract class StreamScenarios {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  /** Each subclass hands over the Redis and app of its run ({@code @BeforeEachTopology} or {@code @BeforeAll}). */
  static void startWith(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static String stream() {
    return "s-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String append(String stream, JsonObject event) {
    Reply r = app.post("/api/v1/streams/" + stream + "/events", new JsonObject().put("event", event), KEY);
    assertEquals(202, r.status(), r.body());
    return r.json().getString("eventId");
  }

  static JsonArray events(Reply r) {
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("events");
  }

  @Test
  void eventsAreAppendedReadInOrderAndTheStreamStaysBounded() {
    String s = stream();
    String first = append(s, new JsonObject().put("n", 0).put("kind", "signup"));
    for (int i = 1; i < 200; i++) {
      append(s, new JsonObject().put("n", i));
    }
    JsonArray page = events(app.get("/api/v1/streams/" + s + "/events?count=5", KEY));
    assertEquals(5, page.size());
    JsonArray next = events(app.get("/api/v1/streams/" + s + "/events?count=5&after="
        + page.getJsonObject(4).getString("id"), KEY));
    assertEquals(page.getJsonObject(4).getJsonObject("event").getInteger("n") + 1,
        next.getJsonObject(0).getJsonObject("event").getInteger("n"), "after is exclusive");
    long length = redis.client().number("XLEN", app.prefix() + "stream:{" + s + "}");
    assertTrue(length < 200 && length >= 50, "MAXLEN ~ 50 keeps about 50, was " + length);

    JsonObject d = app.get("/api/v1/streams/" + s, KEY).json();
    assertEquals(length, d.getLong("length"));
    assertTrue(d.getString("firstId").compareTo(first) >= 0);
    assertEquals(List.of(), d.getJsonArray("groups").getList());
  }

  @Test
  void badInputIs400Or413Or404AndWritesNothing() {
    String s = stream();
    assertEquals(400, app.post("/api/v1/streams/" + s + "/events", new JsonObject(), KEY).status());
    assertEquals(400, app.post("/api/v1/streams/" + s + "/events", new JsonObject().put("event", 1), KEY).status());
    assertEquals(400, app.post("/api/v1/streams/orders/events", new JsonObject().put("event", new JsonObject()), KEY)
        .status(), "orders take POST /api/v1/orders only");
    assertEquals(413, app.post("/api/v1/streams/" + s + "/events",
        new JsonObject().put("event", new JsonObject().put("x", "y".repeat(2000))), KEY).status());
    assertEquals(400, app.get("/api/v1/streams/" + s + "/events?after=abc", KEY).status());
    assertEquals(400, app.get("/api/v1/streams/" + s + "/events?count=0", KEY).status());
    assertEquals(400, app.get("/api/v1/streams/bad%20name", KEY).status());
    assertEquals(404, app.get("/api/v1/streams/" + s, KEY).status(), "never appended: no stream");
    assertEquals(0L, redis.client().number("EXISTS", app.prefix() + "stream:{" + s + "}"));

    assertEquals(404, app.post("/api/v1/streams/" + s + "/groups/g/read", new JsonObject().put("consumer", "c"), KEY)
        .status(), "unknown stream");
    append(s, new JsonObject().put("a", 1));
    assertEquals(404, app.post("/api/v1/streams/" + s + "/groups/nope/read", new JsonObject().put("consumer", "c"), KEY)
        .status(), "unknown group");
    assertEquals(404, app.post("/api/v1/streams/" + s + "/groups/nope/ack",
        new JsonObject().put("ids", new JsonArray().add("1-0")), KEY).status());
    assertEquals(404, app.post("/api/v1/streams/" + s + "/groups/nope/claim", new JsonObject().put("consumer", "c"), KEY)
        .status());
    assertEquals(400, app.put("/api/v1/streams/" + s + "/groups/g", new JsonObject().put("from", "later"), KEY).status());
    assertEquals(400, app.post("/api/v1/streams/" + s + "/groups/g/ack", new JsonObject().put("ids",
        new JsonArray().add("x")), KEY).status());
    assertEquals(400, app.post("/api/v1/streams/" + s + "/groups/g/ack", new JsonObject().put("ids",
        new JsonArray()), KEY).status());
    assertEquals(400, app.post("/api/v1/streams/" + s + "/groups/g/read", new JsonObject().put("consumer", "c")
        .put("blockMs", 400_000), KEY).status(), "blockMs is bounded");
    assertEquals(400, app.post("/api/v1/streams/" + s + "/groups/g/read", new JsonObject(), KEY).status());
    assertEquals(List.of(), redis.client().list("XINFO", "GROUPS", app.prefix() + "stream:{" + s + "}"),
        "no group was created by a bad request");
  }

  @Test
  void consumerGroupsOverHttpReadAckAndClaimFromAConsumerThatStoppedAcking() {
    String s = stream();
    String base = "/api/v1/streams/" + s + "/groups/workers";
    Reply created = app.put(base, new JsonObject().put("from", "0"), KEY);
    assertEquals(200, created.status(), created.body());
    assertEquals(true, created.json().getBoolean("created"));
    assertEquals(false, app.put(base, new JsonObject().put("from", "0"), KEY).json().getBoolean("created"));
    for (int i = 0; i < 4; i++) {
      append(s, new JsonObject().put("n", i));
    }
    JsonArray got = events(app.post(base + "/read", new JsonObject().put("consumer", "a").put("count", 3), KEY));
    assertEquals(3, got.size());
    assertEquals(0, got.getJsonObject(0).getJsonObject("event").getInteger("n"));
    Reply acked = app.post(base + "/ack", new JsonObject().put("ids", new JsonArray().add(got.getJsonObject(0)
        .getString("id"))), KEY);
    assertEquals(1L, acked.json().getLong("acked"));

    // consumer a stopped acking its other two; b claims them once they are idle long enough
    assertEquals(0, events(app.post(base + "/claim", new JsonObject().put("consumer", "b").put("minIdleMs", 60_000),
        KEY)).size());
    await().atMost(Duration.ofSeconds(5)).until(() -> events(app.post(base + "/claim",
        new JsonObject().put("consumer", "b").put("minIdleMs", 50), KEY)).size() == 2);

    JsonObject d = app.get("/api/v1/streams/" + s, KEY).json();
    JsonObject g = d.getJsonArray("groups").getJsonObject(0);
    assertEquals("workers", g.getString("name"));
    assertEquals(2L, g.getLong("pending"));
    assertEquals(1L, g.getLong("lag"), "one entry not read yet");
    JsonObject b = g.getJsonArray("consumers").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("name").equals("b")).findFirst().orElseThrow();
    assertEquals(2L, b.getLong("pending"));
  }

  @Test
  void anEntryDeletedWhilePendingLeavesThePendingListAtTheNextClaim() {
    String s = stream();
    String base = "/api/v1/streams/" + s + "/groups/workers";
    assertEquals(200, app.put(base, new JsonObject().put("from", "0"), KEY).status());
    String gone = append(s, new JsonObject().put("n", 0));
    append(s, new JsonObject().put("n", 1));
    assertEquals(2, events(app.post(base + "/read", new JsonObject().put("consumer", "a").put("count", 10), KEY)).size());
    redis.call("XDEL", app.prefix() + "stream:{" + s + "}", gone);

    JsonArray claimed = events(app.post(base + "/claim", new JsonObject().put("consumer", "b").put("minIdleMs", 0),
        KEY));
    assertEquals(1, claimed.size());
    assertEquals(1, claimed.getJsonObject(0).getJsonObject("event").getInteger("n"));
    JsonObject g = app.get("/api/v1/streams/" + s, KEY).json().getJsonArray("groups").getJsonObject(0);
    assertEquals(1L, g.getLong("pending"), "the deleted entry is no longer pending: " + g.encode());
  }

  @Test
  void aReadLongPollsUntilAnEventArrives() throws Exception {
    String s = stream();
    String base = "/api/v1/streams/" + s + "/groups/live";
    assertEquals(200, app.put(base, new JsonObject(), KEY).status(), "from $ by default, the stream is made");
    java.util.concurrent.CompletableFuture<Reply> poll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        app.post(base + "/read", new JsonObject().put("consumer", "c").put("blockMs", 10_000), KEY));
    // blocked: the billing consumer's XREADGROUP and this read's (a consumer is only created once served)
    await().atMost(Duration.ofSeconds(5)).until(() -> poll.isDone() || blockedClients() >= 2);
    assertTrue(!poll.isDone(), () -> "the read waits: " + poll.join());
    append(s, new JsonObject().put("hello", "world"));
    JsonArray got = events(poll.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(1, got.size());
    assertEquals("world", got.getJsonObject(0).getJsonObject("event").getString("hello"));
    JsonArray none = events(app.post(base + "/read", new JsonObject().put("consumer", "c").put("blockMs", 100), KEY));
    assertEquals(0, none.size(), "an empty list after blockMs");
  }

  static long blockedClients() {
    long n = 0;
    for (Object info : redis.callOnEach("INFO", "clients")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("blocked_clients:(\\d+)").matcher(info.toString());
      n += m.find() ? Long.parseLong(m.group(1)) : 0;
    }
    return n;
  }

  @Test
  void everyGroupMadeOverHttpHasPendingAndLagGaugesUntilItsStreamIsGone() {
    String s = stream();
    String base = "/api/v1/streams/" + s + "/groups/";
    assertEquals(200, app.put(base + "readers", new JsonObject().put("from", "0"), KEY).status());
    assertEquals(200, app.put(base + "auditors", new JsonObject().put("from", "0"), KEY).status());
    for (int i = 0; i < 3; i++) {
      append(s, new JsonObject().put("n", i));
    }
    assertEquals(1, events(app.post(base + "readers/read", new JsonObject().put("consumer", "r1").put("count", 1), KEY))
        .size());
    List<String> expected = List.of(
        "redwire_stream_pending{group=\"readers\",stream=\"" + s + "\"} 1.0",
        "redwire_stream_lag{group=\"readers\",stream=\"" + s + "\"} 2.0",
        "redwire_stream_pending{group=\"auditors\",stream=\"" + s + "\"} 0.0",
        "redwire_stream_lag{group=\"auditors\",stream=\"" + s + "\"} 3.0",
        "redwire_stream_pending{group=\"billing\",stream=\"orders\"} 0.0");
    await().atMost(Duration.ofSeconds(10)).until(() -> streamGauges(), lines -> lines.containsAll(expected));

    redis.call("DEL", app.prefix() + "stream:{" + s + "}");
    await().atMost(Duration.ofSeconds(10)).until(() -> streamGauges().stream()
        .noneMatch(l -> l.contains("stream=\"" + s + "\"")));
  }

  /** The pending and lag gauges on /metrics (the lines a failed wait shows). */
  static List<String> streamGauges() {
    return app.get("/metrics", null).body().lines()
        .filter(l -> l.startsWith("redwire_stream_pending{") || l.startsWith("redwire_stream_lag{")).toList();
  }

  @Test
  void aStreamWithoutEventsButAGroupIsDescribed() {
    String s = stream();
    app.put("/api/v1/streams/" + s + "/groups/g", new JsonObject().put("from", "$"), KEY);
    JsonObject d = app.get("/api/v1/streams/" + s, KEY).json();
    assertEquals(0L, d.getLong("length"));
    assertNull(d.getString("firstId"));
    assertEquals(0L, d.getJsonArray("groups").getJsonObject(0).getLong("lag"));
  }
}
