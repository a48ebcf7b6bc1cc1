package io.redwire.queue;

import static io.redwire.queue.QueuePaths.base;
import static io.redwire.queue.QueuePaths.newQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedwireTest(env = {"REDWIRE_QUEUE_HANDLERS=bench:noop", "REDWIRE_QUEUE_REAP_INTERVAL_MS=100"})
@OnEveryTopology
class QueueIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static Reply enqueue(String queue, JsonObject job) {
    return app.post(base(queue) + "/jobs", job, KEY);
  }

  static JsonArray reserve(String queue, int max, long waitMs, long leaseMs) {
    Reply r = app.post(base(queue) + "/reserve", new JsonObject().put("max", max).put("waitMs", waitMs)
        .put("leaseMs", leaseMs), KEY);
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("jobs");
  }

  static JsonObject counts(String queue) {
    Reply r = app.get(base(queue), KEY);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  @Test
  void enqueueReadAndCount() {
    String q = newQueue();
    Reply created = enqueue(q, new JsonObject().put("payload", new JsonObject().put("to", "a@example.com")));
    assertEquals(202, created.status(), created.body());
    String id = created.json().getString("jobId");
    assertNotNull(id);
    JsonObject job = app.get(base(q) + "/jobs/" + id, KEY).json();
    assertEquals("waiting", job.getString("state"));
    assertEquals(0, job.getInteger("attempts"));
    assertEquals(5, job.getInteger("maxAttempts"));
    assertEquals("a@example.com", job.getJsonObject("payload").getString("to"));
    JsonObject c = counts(q);
    assertEquals(1, c.getInteger("waiting"));
    assertEquals(false, c.getBoolean("paused"));
    assertEquals(404, app.get(base(q) + "/jobs/nope", KEY).status());
  }

  @Test
  void aClientJobIdMakesEnqueueIdempotent() {
    String q = newQueue();
    JsonObject job = new JsonObject().put("jobId", "invoice-7").put("payload", 1);
    assertEquals(202, enqueue(q, job).status());
    Reply again = enqueue(q, job.copy().put("payload", 2));
    assertEquals(200, again.status(), again.body());
    assertEquals("invoice-7", again.json().getString("jobId"));
    assertEquals(1, again.json().getInteger("payload"), "the existing job, unchanged");
    assertEquals(1, counts(q).getInteger("waiting"));
  }

  @Test
  void higherPriorityFirstAndFifoWithinAPriority() {
    String q = newQueue();
    List<String> order = List.of("low-1", "high-1", "low-2", "high-2", "mid");
    int[] priorities = {0, 10, 0, 10, 5};
    JsonArray batch = new JsonArray();
    for (int i = 0; i < order.size(); i++) {
      batch.add(new JsonObject().put("jobId", order.get(i)).put("priority", priorities[i]).put("payload", i));
    }
    Reply r = app.post(base(q) + "/jobs", new JsonObject().put("jobs", batch), KEY);
    assertEquals(202, r.status(), r.body());
    assertEquals(5, r.json().getJsonArray("jobIds").size());
    List<String> taken = new ArrayList<>();
    reserve(q, 10, 0, 30000).forEach(j -> taken.add(((JsonObject) j).getString("jobId")));
    assertEquals(List.of("high-1", "high-2", "mid", "low-1", "low-2"), taken);
  }

  @Test
  void aBatchWithOneBadJobEnqueuesNothing() {
    String q = newQueue();
    JsonArray batch = new JsonArray().add(new JsonObject().put("payload", 1))
        .add(new JsonObject().put("payload", 2).put("priority", "high"));
    Reply r = app.post(base(q) + "/jobs", new JsonObject().put("jobs", batch), KEY);
    assertEquals(400, r.status());
    assertTrue(r.body().contains("jobs[1].priority"), r.body());
    assertEquals(0, counts(q).getInteger("waiting"));
    assertEquals(400, app.post(base(q) + "/jobs", new JsonObject().put("jobs", new JsonArray()), KEY).status());
  }

  @Test
  void malformedInputIsRefused() {
    String q = newQueue();
    assertEquals(400, enqueue(q, new JsonObject()).status(), "payload is required");
    assertEquals(400, enqueue(q, new JsonObject().put("payload", 1).put("delayMs", -1)).status());
    assertEquals(400, enqueue(q, new JsonObject().put("payload", 1).put("maxAttempts", 0)).status());
    assertEquals(400, enqueue(q, new JsonObject().put("payload", 1).put("jobId", "a b")).status());
    assertEquals(400, enqueue(q, new JsonObject().put("payload", 1).put("color", "red")).status());
    assertEquals(400, app.send("POST", base(q) + "/jobs", "{not json", KEY,
        java.util.Map.of("Content-Type", "application/json")).status());
    assertEquals(400, app.get(base(q) + "/jobs?state=sleeping", KEY).status());
    assertEquals(400, app.post(base(q) + "/reserve", new JsonObject().put("max", 0), KEY).status());
    assertEquals(0, counts(q).getInteger("waiting"));
  }

  @Test
  void aDelayedJobIsReservedOnlyWhenDue() {
    String q = newQueue();
    String id = enqueue(q, new JsonObject().put("payload", "later").put("delayMs", 1500)).json().getString("jobId");
    assertEquals("delayed", app.get(base(q) + "/jobs/" + id, KEY).json().getString("state"));
    assertEquals(0, reserve(q, 1, 0, 30000).size());
    // a long poll is woken by the due job (the take bounds its block by the next due time)
    JsonArray got = reserve(q, 1, 10000, 30000);
    assertEquals(1, got.size());
    assertEquals(id, got.getJsonObject(0).getString("jobId"));
  }

  @Test
  void aLongPollIsWokenByAnEnqueue() throws Exception {
    String q = newQueue();
    var poll = java.util.concurrent.CompletableFuture.supplyAsync(() -> reserve(q, 1, 20000, 30000));
    // still waiting half a second later: nothing to take yet
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());
    enqueue(q, new JsonObject().put("payload", "now"));
    JsonArray got = poll.get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(1, got.size());
    assertEquals("now", got.getJsonObject(0).getString("payload"));
  }

  @Test
  void httpWorkerAcksWithItsLeaseOnly() {
    String q = newQueue();
    String id = enqueue(q, new JsonObject().put("payload", "x")).json().getString("jobId");
    JsonObject job = reserve(q, 1, 0, 30000).getJsonObject(0);
    assertEquals(1, job.getInteger("attempts"));
    String lease = job.getString("lease");
    assertEquals(409, app.post(base(q) + "/jobs/" + id + "/ack", new JsonObject().put("lease", "wrong"), KEY).status());
    assertEquals("active", app.get(base(q) + "/jobs/" + id, KEY).json().getString("state"));
    assertEquals(409, app.delete(base(q) + "/jobs/" + id, KEY).status(), "an active job cannot be deleted");
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/progress",
        new JsonObject().put("lease", lease).put("progress", 50), KEY).status());
    assertEquals(50, app.get(base(q) + "/jobs/" + id, KEY).json().getInteger("progress"));
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/heartbeat", new JsonObject().put("lease", lease), KEY).status());
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/ack", new JsonObject().put("lease", lease), KEY).status());
    assertEquals(409, app.post(base(q) + "/jobs/" + id + "/ack", new JsonObject().put("lease", lease), KEY).status(),
        "acked once");
    assertEquals("completed", app.get(base(q) + "/jobs/" + id, KEY).json().getString("state"));
    long ttl = redis.client().number("PTTL", app.prefix() + "queue:{" + q + "}:job:" + id);
    assertTrue(ttl > 0, "a completed record expires");
    JsonObject c = counts(q);
    assertEquals(0, c.getInteger("active"));
    assertEquals(1, c.getInteger("completed"));
  }

  @Test
  void failuresRetryWithBackoffThenFailAndCanBeRetried() {
    String q = newQueue();
    String id = enqueue(q, new JsonObject().put("payload", "x").put("maxAttempts", 2).put("backoffMs", 200))
        .json().getString("jobId");
    JsonObject first = reserve(q, 1, 0, 30000).getJsonObject(0);
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/fail",
        new JsonObject().put("lease", first.getString("lease")).put("error", "boom"), KEY).status());
    JsonObject job = app.get(base(q) + "/jobs/" + id, KEY).json();
    assertEquals("delayed", job.getString("state"));
    assertEquals("boom", job.getString("lastError"));
    JsonObject second = reserve(q, 1, 10000, 30000).getJsonObject(0);
    assertEquals(2, second.getInteger("attempts"));
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/fail",
        new JsonObject().put("lease", second.getString("lease")).put("error", "boom again"), KEY).status());
    job = app.get(base(q) + "/jobs/" + id, KEY).json();
    assertEquals("failed", job.getString("state"));
    assertEquals("boom again", job.getString("lastError"));
    JsonArray failed = app.get(base(q) + "/failed", KEY).json().getJsonArray("jobs");
    assertEquals(1, failed.size());
    assertEquals(202, app.post(base(q) + "/failed/" + id + "/retry", new JsonObject(), KEY).status());
    assertEquals("waiting", app.get(base(q) + "/jobs/" + id, KEY).json().getString("state"));
    assertEquals(404, app.post(base(q) + "/failed/" + id + "/retry", new JsonObject(), KEY).status());
  }

  @Test
  void failWithoutRetryFailsAtOnceAndRetryAllBringsThemBack() {
    String q = newQueue();
    for (int i = 0; i < 3; i++) {
      enqueue(q, new JsonObject().put("payload", i));
    }
    for (Object o : reserve(q, 3, 0, 30000)) {
      JsonObject j = (JsonObject) o;
      assertEquals(204, app.post(base(q) + "/jobs/" + j.getString("jobId") + "/fail",
          new JsonObject().put("lease", j.getString("lease")).put("retry", false), KEY).status());
    }
    assertEquals(3, counts(q).getInteger("failed"));
    Reply retried = app.post(base(q) + "/failed/retry", new JsonObject(), KEY);
    assertEquals(202, retried.status());
    assertEquals(3, retried.json().getInteger("retried"));
    assertEquals(3, counts(q).getInteger("waiting"));
    assertEquals(0, counts(q).getInteger("failed"));
  }

  @Test
  void aWorkerThatVanishesLosesItsLeaseAndTheJobIsDeliveredAgain() {
    String q = newQueue();
    String id = enqueue(q, new JsonObject().put("payload", "x")).json().getString("jobId");
    String lease = reserve(q, 1, 0, 1000).getJsonObject(0).getString("lease");
    // the worker never acks: the reaper returns the job once its lease is over
    JsonArray again = reserve(q, 1, 10000, 30000);
    assertEquals(1, again.size());
    assertEquals(id, again.getJsonObject(0).getString("jobId"));
    assertEquals(2, again.getJsonObject(0).getInteger("attempts"));
    assertEquals(409, app.post(base(q) + "/jobs/" + id + "/ack", new JsonObject().put("lease", lease), KEY).status(),
        "the old lease is dead");
    assertEquals(204, app.post(base(q) + "/jobs/" + id + "/ack",
        new JsonObject().put("lease", again.getJsonObject(0).getString("lease")), KEY).status());
  }

  @Test
  void deleteListAndPage() {
    String q = newQueue();
    for (int i = 0; i < 5; i++) {
      enqueue(q, new JsonObject().put("jobId", "j" + i).put("payload", i));
    }
    Reply page = app.get(base(q) + "/jobs?state=waiting&limit=2", KEY);
    assertEquals(200, page.status());
    assertEquals(2, page.json().getJsonArray("jobs").size());
    assertEquals("j0", page.json().getJsonArray("jobs").getJsonObject(0).getString("jobId"));
    String cursor = page.json().getString("cursor");
    Reply next = app.get(base(q) + "/jobs?state=waiting&limit=2&cursor=" + cursor, KEY);
    assertEquals("j2", next.json().getJsonArray("jobs").getJsonObject(0).getString("jobId"));
    Reply last = app.get(base(q) + "/jobs?state=waiting&limit=2&cursor=4", KEY);
    assertEquals(1, last.json().getJsonArray("jobs").size());
    assertNull(last.json().getString("cursor"));
    assertEquals(204, app.delete(base(q) + "/jobs/j1", KEY).status());
    assertEquals(404, app.delete(base(q) + "/jobs/j1", KEY).status());
    assertEquals(4, counts(q).getInteger("waiting"));
  }

  @Test
  void pauseStopsWorkersAndResumeStartsThem() {
    String q = newQueue();
    enqueue(q, new JsonObject().put("payload", 1));
    assertEquals(204, app.post(base(q) + "/pause", new JsonObject(), KEY).status());
    assertTrue(counts(q).getBoolean("paused"));
    assertEquals(0, reserve(q, 1, 0, 30000).size(), "a paused queue gives nothing");
    assertEquals(202, enqueue(q, new JsonObject().put("payload", 2)).status(), "enqueue still works");
    assertEquals(204, app.post(base(q) + "/resume", new JsonObject(), KEY).status());
    assertEquals(2, reserve(q, 5, 0, 30000).size());
  }

  /** Durable queue data (the states a job waits in, the sequence, the pause flag, live records, the registry). */
  static final java.util.regex.Pattern DURABLE = java.util.regex.Pattern.compile(
      "queues|queue:\\{[^}]+}:(waiting|delayed|active|seq|paused|repeat|repeat-done|job:.+)");

  @Test
  void everyQueueKeyThatIsNotDurableHasATtl() {
    org.junit.jupiter.api.Assumptions.assumeFalse(redis.isCluster(), "scans one server");
    String q = newQueue();
    enqueue(q, new JsonObject().put("payload", 1));
    enqueue(q, new JsonObject().put("payload", 2).put("maxAttempts", 1));
    JsonArray taken = reserve(q, 2, 0, 30000);
    for (int i = 0; i < 2; i++) {
      JsonObject j = taken.getJsonObject(i);
      String action = i == 0 ? "/ack" : "/fail";
      assertEquals(204, app.post(base(q) + "/jobs/" + j.getString("jobId") + action,
          new JsonObject().put("lease", j.getString("lease")), KEY).status());
    }
    try (var client = redis.client()) {
      List<String> offenders = new ArrayList<>();
      for (String key : client.scan(app.prefix() + "queue*")) {
        String name = key.substring(app.prefix().length());
        boolean finishedRecord = false;
        if (name.contains(":job:")) {
          String state = client.call("HGET", key, "state").toString();
          finishedRecord = state.equals("completed") || state.equals("failed");
        }
        if (client.number("PTTL", key) < 0 && (finishedRecord || !DURABLE.matcher(name).matches())) {
          offenders.add(name);
        }
      }
      assertEquals(List.of(), offenders, "queue keys without TTL that are not durable data");
    }
  }

  @Test
  void theNoopHandlerCompletesEveryJob() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 200; i++) {
      batch.add(new JsonObject().put("payload", i));
    }
    JsonObject before = counts("bench");
    assertEquals(202, app.post(base("bench") + "/jobs", new JsonObject().put("jobs", batch), KEY).status());
    await().atMost(Duration.ofSeconds(20)).until(() -> counts("bench").getInteger("completed")
        >= Math.min(10000, before.getInteger("completed") + 200));
    JsonObject after = counts("bench");
    assertEquals(0, after.getInteger("waiting"));
    assertEquals(0, after.getInteger("active"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      String metrics = app.get("/metrics", null).body();
      assertTrue(metrics.contains("redwire_queue_jobs_total{outcome=\"completed\",queue=\"bench\"}"), "per-queue counters");
      assertTrue(metrics.contains("redwire_queue_depth{queue=\"bench\",state=\"completed\"}"), "depth gauges");
      assertTrue(metrics.contains("redwire_queue_job_duration_seconds_count{queue=\"bench\"}"), "durations");
    });
    assertEquals(409, app.post(base("bench") + "/reserve", new JsonObject(), KEY).status(),
        "a queue with a built-in handler is not served to HTTP workers");
  }
}
