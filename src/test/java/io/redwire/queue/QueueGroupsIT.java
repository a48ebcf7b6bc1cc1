package io.redwire.queue;

import static io.redwire.queue.QueuePaths.base;
import static io.redwire.queue.QueuePaths.newQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Job groups: round-robin takes across groups (fairness), and every queue feature with grouped jobs. */
@RedwireTest(env = "REDWIRE_QUEUE_REAP_INTERVAL_MS=100")
@OnEveryTopology
class QueueGroupsIT {

  static final String KEY = TestApp.SERVICE_KEY;
  /** The keys a queue keeps for its groups; none of them may outlive the groups' jobs. */
  static final Pattern GROUP_KEYS = Pattern.compile(
      "queue:\\{[^}]+}:(group:.+|group-names|groups|groups-maxed|groups-limited|grouped|group-active)");
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static JsonObject job(String id, String group) {
    JsonObject job = new JsonObject().put("jobId", id).put("payload", id);
    return group == null ? job : job.put("group", group);
  }

  static void enqueueAll(String queue, JsonArray jobs) {
    Reply r = app.post(base(queue) + "/jobs", new JsonObject().put("jobs", jobs), KEY);
    assertEquals(202, r.status(), r.body());
  }

  static JsonArray reserve(String queue, int max, long waitMs, long leaseMs) {
    Reply r = app.post(base(queue) + "/reserve", new JsonObject().put("max", max).put("waitMs", waitMs)
        .put("leaseMs", leaseMs), KEY);
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("jobs");
  }

  static List<String> ids(JsonArray jobs) {
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(((JsonObject) j).getString("jobId")));
    return ids;
  }

  static JsonObject counts(String queue) {
    Reply r = app.get(base(queue), KEY);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static JsonObject record(String queue, String id) {
    return app.get(base(queue) + "/jobs/" + id, KEY).json();
  }

  static void ack(String queue, JsonObject taken) {
    assertEquals(204, app.post(base(queue) + "/jobs/" + taken.getString("jobId") + "/ack",
        new JsonObject().put("lease", taken.getString("lease")), KEY).status());
  }

  static List<String> groupKeys(String queue) {
    try (RespClient client = redis.client()) {
      return client.scan(app.prefix() + "queue:{" + queue + "}:*").stream()
          .map(k -> k.substring(app.prefix().length())).filter(k -> GROUP_KEYS.matcher(k).matches()).toList();
    }
  }

  @Test
  void aGroupOfTenThousandWaitingJobsDoesNotStarveAnotherGroupsJob() {
    String q = newQueue();
    for (int batch = 0; batch < 10; batch++) {
      JsonArray jobs = new JsonArray();
      for (int i = 0; i < 1000; i++) {
        jobs.add(new JsonObject().put("payload", batch * 1000 + i).put("group", "big-tenant"));
      }
      enqueueAll(q, jobs);
    }
    enqueueAll(q, new JsonArray().add(job("small-1", "small-tenant")).add(job("plain-1", null)));
    JsonObject c = counts(q);
    assertEquals(10_002, c.getInteger("waiting"));
    assertEquals(2, c.getInteger("groups"));
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      taken.addAll(ids(reserve(q, 1, 0, 30_000)));
    }
    int small = taken.indexOf("small-1");
    int plain = taken.indexOf("plain-1");
    assertTrue(small >= 0 && small < 3, "the other group's job is among the first three taken: " + taken);
    assertTrue(plain >= 0 && plain < 3, "an ungrouped job is a member of the rotation too: " + taken);
    assertEquals(9_998, counts(q).getInteger("waiting"));
  }

  @Test
  void groupsTakeTurnsWhilePriorityAndFifoHoldWithinAGroup() {
    String q = newQueue();
    enqueueAll(q, new JsonArray().add(job("a1", "a")).add(job("a2", "a")).add(job("a3", "a"))
        .add(job("b1", "b")).add(job("b2", "b")).add(job("u1", null))
        .add(job("a0", "a").put("priority", 5)));
    JsonArray taken = reserve(q, 10, 0, 30_000);
    // one job per turn, groups in the order they came; a higher priority first within its group
    assertEquals(List.of("a0", "b1", "u1", "a1", "b2", "a2", "a3"), ids(taken));
    assertEquals("a", record(q, "a0").getString("group"));
    assertEquals(null, record(q, "u1").getString("group"));
    taken.forEach(j -> ack(q, (JsonObject) j));
    JsonObject c = counts(q);
    assertEquals(0, c.getInteger("waiting"));
    assertEquals(0, c.getInteger("groups"));
    assertEquals(7, c.getInteger("completed"));
    assertEquals(List.of(), groupKeys(q), "finished groups leave no keys behind");
  }

  @Test
  void listingAndCountingSeeGroupedJobs() {
    String q = newQueue();
    enqueueAll(q, new JsonArray().add(job("y1", "y")).add(job("u1", null)).add(job("x1", "x")).add(job("x2", "x")));
    JsonObject c = counts(q);
    assertEquals(4, c.getInteger("waiting"));
    assertEquals(2, c.getInteger("groups"));
    // ungrouped first, then the groups by name, paged across them
    List<String> listed = new ArrayList<>();
    String cursor = "";
    do {
      JsonObject page = app.get(base(q) + "/jobs?state=waiting&limit=3&cursor=" + cursor, KEY).json();
      listed.addAll(ids(page.getJsonArray("jobs")));
      cursor = page.getString("cursor");
    } while (cursor != null);
    assertEquals(List.of("u1", "x1", "x2", "y1"), listed);
    JsonObject x = app.get(base(q) + "/jobs?state=waiting&group=x", KEY).json();
    assertEquals(List.of("x1", "x2"), ids(x.getJsonArray("jobs")));
    assertEquals("x", x.getJsonArray("jobs").getJsonObject(0).getString("group"));
    assertEquals(400, app.get(base(q) + "/jobs?state=active&group=x", KEY).status(), "groups filter waiting jobs");
    assertEquals(400, app.get(base(q) + "/jobs?group=a%20b", KEY).status());
  }

  @Test
  void aRetriedJobReturnsToItsGroup() {
    String q = newQueue();
    enqueueAll(q, new JsonArray().add(job("r1", "tenant").put("maxAttempts", 2).put("backoffMs", 100)));
    JsonObject first = reserve(q, 1, 0, 30_000).getJsonObject(0);
    assertEquals(204, app.post(base(q) + "/jobs/r1/fail", new JsonObject().put("lease", first.getString("lease"))
        .put("error", "boom"), KEY).status());
    assertEquals("delayed", record(q, "r1").getString("state"));
    JsonObject second = reserve(q, 1, 10_000, 30_000).getJsonObject(0);
    assertEquals("r1", second.getString("jobId"));
    assertEquals(2, second.getInteger("attempts"));
    assertEquals(204, app.post(base(q) + "/jobs/r1/fail", new JsonObject().put("lease", second.getString("lease"))
        .put("error", "boom again"), KEY).status());
    assertEquals("failed", record(q, "r1").getString("state"));
    assertEquals(List.of(), groupKeys(q), "a group whose only job failed has no keys");
    assertEquals(202, app.post(base(q) + "/failed/r1/retry", new JsonObject(), KEY).status());
    JsonObject waiting = app.get(base(q) + "/jobs?state=waiting&group=tenant", KEY).json();
    assertEquals(List.of("r1"), ids(waiting.getJsonArray("jobs")), "back in its group");
    ack(q, reserve(q, 1, 0, 30_000).getJsonObject(0));
    assertEquals(List.of(), groupKeys(q));
  }

  @Test
  void aReapedJobReturnsToItsGroupAndFreesItsPlace() {
    String q = newQueue();
    assertEquals(200, app.put(base(q) + "/limits", new JsonObject().put("groupConcurrency", 1), KEY).status());
    enqueueAll(q, new JsonArray().add(job("j1", "tenant")).add(job("j2", "tenant")));
    assertEquals(List.of("j1"), ids(reserve(q, 2, 0, 1000)), "one at a time for this group");
    // the worker vanishes: the reaper returns j1 to its group (behind j2) and the group's place is free
    JsonObject next = reserve(q, 2, 10_000, 30_000).getJsonObject(0);
    assertEquals("j2", next.getString("jobId"));
    ack(q, next);
    JsonObject again = reserve(q, 2, 10_000, 30_000).getJsonObject(0);
    assertEquals("j1", again.getString("jobId"));
    assertEquals(2, again.getInteger("attempts"));
    assertEquals("tenant", record(q, "j1").getString("group"));
    ack(q, again);
    assertEquals(List.of(), groupKeys(q));
  }

  @Test
  void cancellingAGroupsJobsLeavesNoGroupKeys() {
    String q = newQueue();
    enqueueAll(q, new JsonArray().add(job("c1", "tenant")).add(job("c2", "tenant")).add(job("d1", "tenant")
        .put("delayMs", 60_000)));
    assertEquals(204, app.delete(base(q) + "/jobs/c1", KEY).status());
    assertEquals(1, counts(q).getInteger("groups"));
    assertEquals(204, app.delete(base(q) + "/jobs/c2", KEY).status());
    assertEquals(204, app.delete(base(q) + "/jobs/d1", KEY).status());
    JsonObject c = counts(q);
    assertEquals(0, c.getInteger("waiting"));
    assertEquals(0, c.getInteger("delayed"));
    assertEquals(0, c.getInteger("groups"));
    assertEquals(List.of(), groupKeys(q));
    assertEquals(0, reserve(q, 5, 0, 30_000).size());
  }

  @Test
  void pauseHoldsGroupedJobsAndResumeReleasesThem() {
    String q = newQueue();
    enqueueAll(q, new JsonArray().add(job("p1", "tenant")));
    assertEquals(204, app.post(base(q) + "/pause", new JsonObject(), KEY).status());
    assertEquals(0, reserve(q, 5, 0, 30_000).size());
    assertEquals(204, app.post(base(q) + "/resume", new JsonObject(), KEY).status());
    assertEquals(List.of("p1"), ids(reserve(q, 5, 0, 30_000)));
  }

  @Test
  void aClientJobIdStaysIdempotentWithAGroup() {
    String q = newQueue();
    Reply first = app.post(base(q) + "/jobs", job("once", "tenant"), KEY);
    assertEquals(202, first.status(), first.body());
    Reply again = app.post(base(q) + "/jobs", job("once", "other").put("payload", 2), KEY);
    assertEquals(200, again.status(), again.body());
    assertEquals("tenant", again.json().getString("group"), "the existing job, unchanged");
    assertEquals(1, counts(q).getInteger("waiting"));
    assertEquals(1, counts(q).getInteger("groups"));
  }

  /** Durable queue data with groups and limits: what waits and runs, the groups' state, the limits set. */
  static final Pattern DURABLE = Pattern.compile("queue:\\{[^}]+}:(waiting|delayed|active|seq|paused|limits|job:.+"
      + "|group:.+|group-names|groups|groups-maxed|groups-limited|grouped|group-active)");

  @Test
  void everyGroupAndLimitKeyIsDurableDataOrHasATtl() {
    String q = newQueue();
    assertEquals(200, app.put(base(q) + "/limits", new JsonObject().put("rate", new JsonObject().put("max", 100))
        .put("groupConcurrency", 1).put("groupRate", new JsonObject().put("max", 100)), KEY).status());
    enqueueAll(q, new JsonArray().add(job("k1", "a")).add(job("k2", "a")).add(job("k3", "b")).add(job("k4", null)));
    JsonArray taken = reserve(q, 10, 0, 30_000);
    assertEquals(List.of("k1", "k3", "k4"), ids(taken), "a's second job waits for its first");
    ack(q, taken.getJsonObject(0));
    try (RespClient client = redis.client()) {
      List<String> names = new ArrayList<>();
      List<String> offenders = new ArrayList<>();
      for (String key : client.scan(app.prefix() + "queue:{" + q + "}:*")) {
        String name = key.substring(app.prefix().length());
        names.add(name);
        boolean finished = name.contains(":job:") && "completed".equals(client.string("HGET", key, "state"));
        if (client.number("PTTL", key) < 0 && (finished || !DURABLE.matcher(name).matches())) {
          offenders.add(name);
        }
      }
      assertTrue(names.stream().anyMatch(n -> n.contains(":rate:")) && names.stream().anyMatch(n -> n.contains(":group-rate:")),
          "the scenario counted rate windows: " + names);
      assertEquals(List.of(), offenders, "queue keys without TTL that are not durable data");
    }
    taken.stream().skip(1).forEach(j -> ack(q, (JsonObject) j));
    ack(q, reserve(q, 10, 0, 30_000).getJsonObject(0));
    assertEquals(List.of(), groupKeys(q), "no group keys once the groups' jobs are done");
  }

  @Test
  void badGroupsAreRefusedAndNothingIsEnqueued() {
    String q = newQueue();
    for (Object bad : List.of("a b", "", "x".repeat(129), 42, "..", new JsonObject())) {
      Reply r = app.post(base(q) + "/jobs", new JsonObject().put("payload", 1).put("group", bad), KEY);
      assertEquals(400, r.status(), bad + ": " + r.body());
      assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
      assertTrue(r.body().contains("\"group\""), r.body());
    }
    Reply batch = app.post(base(q) + "/jobs", new JsonObject().put("jobs", new JsonArray()
        .add(job("fine", "tenant")).add(job("bad", "no spaces"))), KEY);
    assertEquals(400, batch.status());
    assertTrue(batch.body().contains("jobs[1].group"), batch.body());
    assertEquals(0, counts(q).getInteger("waiting"));
    assertEquals(List.of(), groupKeys(q));
  }
}
