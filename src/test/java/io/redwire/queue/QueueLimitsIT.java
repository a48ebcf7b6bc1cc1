package io.redwire.queue;

import static io.redwire.queue.QueuePaths.base;
import static io.redwire.queue.QueuePaths.newQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queue limits across replicas: the queue's rate limit, per-group concurrency and rate limits (from config
 * and the limits API), on the built-in worker and the HTTP reserve path; and the per-replica concurrency of
 * one queue. Windows are checked from the take times the jobs' records keep, never against the clock.
 */
@RedwireTest(env = {
    "REDWIRE_QUEUE_HANDLERS=tenants:webhooks,solo:webhooks,metered:noop",
    "REDWIRE_WEBHOOK_ALLOWED_HOSTS=127.0.0.1",
    "REDWIRE_WEBHOOK_ALLOW_PRIVATE=true",
    "REDWIRE_WEBHOOK_SECRET=test-webhook-secret",
    "REDWIRE_QUEUE_LEASE_MS=8000",
    "REDWIRE_WEBHOOK_TIMEOUT_MS=6000",
    "REDWIRE_QUEUE_REAP_INTERVAL_MS=100",
    "REDWIRE_QUEUE_RATE_LIMITS=configured:50/1s,metered:20/1s",
    "REDWIRE_QUEUE_GROUP_CONCURRENCY=configured:3,tenants:2",
    "REDWIRE_QUEUE_CONCURRENCY_PER_QUEUE=solo:1"})
@OnEveryTopology
class QueueLimitsIT {

  static final String KEY = TestApp.SERVICE_KEY;
  /** How long the webhook target takes to answer: jobs of one group overlap unless a limit stops them. */
  static final long ANSWER_AFTER_MS = 100;
  static TestRedis redis;
  static TestApp app;
  static Vertx vertx;
  static HttpServer target;
  static int port;
  static final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
  static final AtomicInteger received = new AtomicInteger();

  @BeforeAll
  static void startTarget() {
    vertx = Vertx.vertx();
    target = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String tenant = req.getHeader("X-Tenant");
      int now = inFlight.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
      mostInFlight.computeIfAbsent(tenant, t -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      received.incrementAndGet();
      vertx.setTimer(ANSWER_AFTER_MS, id -> {
        inFlight.get(tenant).decrementAndGet();
        req.response().setStatusCode(200).end();
      });
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    port = target.actualPort();
  }

  @AfterAll
  static void stopTarget() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  @BeforeEach
  void reset() {
    inFlight.clear();
    mostInFlight.clear();
    received.set(0);
  }

  static JsonObject job(String id, String group) {
    JsonObject job = new JsonObject().put("jobId", id).put("payload", id);
    return group == null ? job : job.put("group", group);
  }

  static void enqueueAll(TestApp on, String queue, JsonArray jobs) {
    Reply r = on.post(base(queue) + "/jobs", new JsonObject().put("jobs", jobs), KEY);
    assertEquals(202, r.status(), r.body());
  }

  static JsonArray reserve(TestApp on, String queue, int max, long waitMs) {
    Reply r = on.post(base(queue) + "/reserve", new JsonObject().put("max", max).put("waitMs", waitMs), KEY);
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("jobs");
  }

  static List<String> ids(JsonArray jobs) {
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(((JsonObject) j).getString("jobId")));
    return ids;
  }

  static Reply putLimits(String queue, JsonObject limits) {
    return app.put(base(queue) + "/limits", limits, KEY);
  }

  static int completed(TestApp on, String queue) {
    return on.get(base(queue), KEY).json().getInteger("completed");
  }

  /** When each job was taken (last time), as its record in Redis says. */
  static Map<String, Long> startedAt(TestApp on, String queue, List<String> ids) {
    Map<String, Long> at = new TreeMap<>();
    try (RespClient client = redis.client()) {
      for (String id : ids) {
        at.put(id, Long.parseLong(client.string("HGET", on.prefix() + "queue:{" + queue + "}:job:" + id, "startedAt")));
      }
    }
    return at;
  }

  /** Jobs taken per window of windowMs, by window number. */
  static Map<Long, Integer> perWindow(Iterable<Long> times, long windowMs) {
    Map<Long, Integer> counts = new TreeMap<>();
    times.forEach(t -> counts.merge(t / windowMs, 1, Integer::sum));
    return counts;
  }

  @Test
  void limitsAreReadSetAndClearedThroughTheApi() {
    Reply configured = app.get(base("configured") + "/limits", KEY);
    assertEquals(200, configured.status(), configured.body());
    assertEquals(new JsonObject().put("queue", "configured").put("source", "config")
        .put("rate", new JsonObject().put("max", 50).put("windowMs", 1000)).put("groupConcurrency", 3)
        .putNull("groupRate"), configured.json());
    Reply set = putLimits("configured", new JsonObject().put("rate", new JsonObject().put("max", 5))
        .put("groupRate", new JsonObject().put("max", 2).put("windowMs", 60_000)));
    assertEquals(200, set.status(), set.body());
    JsonObject expected = new JsonObject().put("queue", "configured").put("source", "api")
        .put("rate", new JsonObject().put("max", 5).put("windowMs", 1000)).putNull("groupConcurrency")
        .put("groupRate", new JsonObject().put("max", 2).put("windowMs", 60_000));
    assertEquals(expected, set.json());
    assertEquals(expected, app.get(base("configured") + "/limits", KEY).json(), "a limit left out is none");
    assertEquals(204, app.delete(base("configured") + "/limits", KEY).status());
    assertEquals("config", app.get(base("configured") + "/limits", KEY).json().getString("source"));
    JsonObject none = app.get(base(newQueue()) + "/limits", KEY).json();
    assertNull(none.getValue("rate"));
    assertNull(none.getValue("groupConcurrency"));
  }

  @Test
  void badLimitsAreRefusedAndChangeNothing() {
    String q = newQueue();
    assertEquals(200, putLimits(q, new JsonObject().put("groupConcurrency", 4)).status());
    Map<JsonObject, String> bad = Map.of(
        new JsonObject().put("rate", new JsonObject().put("max", 0)), "rate.max",
        new JsonObject().put("rate", new JsonObject().put("max", 5).put("windowMs", 10)), "rate.windowMs",
        new JsonObject().put("rate", "fast"), "rate",
        new JsonObject().put("rate", new JsonObject()), "rate.max",
        new JsonObject().put("groupConcurrency", 0), "groupConcurrency",
        new JsonObject().put("groupConcurrency", "two"), "groupConcurrency",
        new JsonObject().put("groupRate", new JsonObject().put("max", 1).put("burst", 2)), "groupRate.burst",
        new JsonObject().put("speed", 1), "speed");
    bad.forEach((body, field) -> {
      Reply r = putLimits(q, body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
      assertTrue(r.json().getJsonArray("errors").stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
          body + " names " + field + ": " + r.body());
    });
    assertEquals(400, app.put("/api/v1/queues/a%20b/limits", new JsonObject(), KEY).status());
    JsonObject now = app.get(base(q) + "/limits", KEY).json();
    assertEquals(4, now.getInteger("groupConcurrency"), "unchanged");
    assertEquals("api", now.getString("source"));
  }

  @Test
  void aRateLimitHoldsAcrossTwoReplicasOfTheBuiltInWorker(TestApps apps) {
    TestApp other = apps.replicaOf(app);
    List<String> ids = new ArrayList<>();
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < 100; i++) {
      String id = "m" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
      ids.add(id);
      jobs.add(job(id, null));
    }
    enqueueAll(app, "metered", jobs);
    await().atMost(Duration.ofSeconds(60)).until(() -> completed(other, "metered") == 100);
    Map<Long, Integer> windows = perWindow(startedAt(app, "metered", ids).values(), 1000);
    assertTrue(windows.values().stream().allMatch(n -> n <= 20), "at most 20 per 1 s window: " + windows);
    assertTrue(windows.size() >= 5, "100 jobs at 20 per window need 5 windows or more: " + windows);
    // every job ran once: no worker lost its acks (a stalled client's jobs are delivered again after their lease)
    try (RespClient client = redis.client()) {
      for (String id : ids) {
        assertEquals("1", client.string("HGET", app.prefix() + "queue:{metered}:job:" + id, "attempts"), id);
      }
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
        (app.get("/metrics", null).body() + other.get("/metrics", null).body())
            .contains("redwire_queue_rate_limited_total{queue=\"metered\"}"), "the rate-limited takes are counted"));
  }

  @Test
  void aReserveLongPollWaitsForTheRateWindowToReopen() {
    String q = newQueue();
    assertEquals(200, putLimits(q, new JsonObject().put("rate", new JsonObject().put("max", 2))).status());
    enqueueAll(app, q, new JsonArray().add(job("r1", null)).add(job("r2", null)).add(job("r3", null)));
    assertEquals(List.of("r1", "r2"), ids(reserve(app, q, 10, 0)), "two per window");
    JsonArray later = reserve(app, q, 10, 10_000);
    assertEquals(List.of("r3"), ids(later), "the long poll waited for the next window instead of answering empty");
    Map<String, Long> at = startedAt(app, q, List.of("r1", "r2", "r3"));
    assertEquals(at.get("r1") / 1000, at.get("r2") / 1000);
    assertTrue(at.get("r3") / 1000 > at.get("r1") / 1000, "r3 was taken in a later window: " + at);
    String metrics = app.get("/metrics", null).body();
    double limited = metrics.lines().filter(l -> l.startsWith("redwire_queue_rate_limited_total{queue=\"" + q + "\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertTrue(limited >= 1 && limited <= 10, "the waiting reserve took a few times, not in a loop: " + limited);
  }

  @Test
  void aGroupsConcurrencyHoldsAcrossTwoReplicasOfTheReservePath(TestApps apps) {
    String q = newQueue();
    TestApp other = apps.replicaOf(app);
    assertEquals(200, putLimits(q, new JsonObject().put("groupConcurrency", 2)).status());
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < 5; i++) {
      jobs.add(job("t1-" + i, "t1"));
    }
    enqueueAll(app, q, jobs.add(job("t2-0", "t2")).add(job("t2-1", "t2")).add(job("u-0", null)));
    JsonArray taken = reserve(app, q, 10, 0);
    List<String> first = ids(taken);
    assertEquals(List.of("t1-0", "t2-0", "u-0", "t1-1", "t2-1"), first,
        "two of t1 at most; the other group and the ungrouped job are not held back");
    assertEquals(List.of(), ids(reserve(other, q, 10, 0)), "the other replica gets no third job of t1");
    assertEquals(204, other.post(base(q) + "/jobs/t1-0/ack",
        new JsonObject().put("lease", taken.getJsonObject(0).getString("lease")), KEY).status());
    List<String> next = ids(reserve(other, q, 10, 5_000));
    assertEquals(List.of("t1-2"), next, "one place of t1 came free");
  }

  @Test
  void aGroupsRateLimitHoldsBackThatGroupOnly() {
    String q = newQueue();
    assertEquals(200, putLimits(q, new JsonObject().put("groupRate", new JsonObject().put("max", 3))).status());
    JsonArray jobs = new JsonArray();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      jobs.add(job("g-" + i, "g"));
      all.add("g-" + i);
    }
    enqueueAll(app, q, jobs.add(job("h-0", "h")).add(job("h-1", "h")));
    all.addAll(List.of("h-0", "h-1"));
    List<String> first = ids(reserve(app, q, 20, 0));
    assertEquals(List.of("g-0", "h-0", "g-1", "h-1", "g-2"), first, "three of g, and h unhindered");
    List<String> taken = new ArrayList<>(first);
    for (int polls = 0; polls < 10 && taken.size() < all.size(); polls++) {
      taken.addAll(ids(reserve(app, q, 20, 10_000)));
    }
    assertEquals(all.size(), taken.size(), "every job was taken in the end: " + taken);
    Map<String, Long> at = startedAt(app, q, all.subList(0, 7));
    Map<Long, Integer> windows = perWindow(at.values(), 1000);
    assertTrue(windows.values().stream().allMatch(n -> n <= 3), "at most 3 of g per window: " + windows);
    assertTrue(windows.size() >= 3, "7 jobs at 3 per window: " + windows);
  }

  @Test
  void builtInWorkersOfTwoReplicasKeepAGroupsConcurrency(TestApps apps) {
    TestApp other = apps.replicaOf(app);
    for (int i = 0; i < 16; i++) {
      String tenant = i % 4 == 0 ? "B" : "A";
      JsonObject payload = new JsonObject().put("url", "http://127.0.0.1:" + port + "/work").put("body", i)
          .put("headers", new JsonObject().put("X-Tenant", tenant));
      Reply r = (i % 2 == 0 ? app : other).post(base("tenants") + "/jobs",
          new JsonObject().put("payload", payload).put("group", tenant), KEY);
      assertEquals(202, r.status(), r.body());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> completed(app, "tenants") == 16);
    assertEquals(16, received.get(), "each job posted once");
    assertTrue(mostInFlight.get("A").get() <= 2, "group A never ran more than 2 at once: " + mostInFlight);
    assertTrue(mostInFlight.get("B").get() <= 2, "group B never ran more than 2 at once: " + mostInFlight);
  }

  @Test
  void aQueuesOwnConcurrencyBoundsItsWorker() {
    for (int i = 0; i < 4; i++) {
      JsonObject payload = new JsonObject().put("url", "http://127.0.0.1:" + port + "/solo").put("body", i)
          .put("headers", new JsonObject().put("X-Tenant", "solo"));
      Reply r = app.post(base("solo") + "/jobs", new JsonObject().put("payload", payload), KEY);
      assertEquals(202, r.status(), r.body());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> completed(app, "solo") == 4);
    assertEquals(1, mostInFlight.get("solo").get(), "REDWIRE_QUEUE_CONCURRENCY_PER_QUEUE=solo:1 runs one at a time");
  }
}
