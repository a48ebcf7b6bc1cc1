package io.redwire.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.ServerProcess;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A redwire server process killed with SIGKILL in the middle of its jobs: no shutdown runs, its leases are
 * simply never acked nor extended again. The survivor (an in-JVM app on the same keys) takes the expired
 * jobs over once their leases run out, and every job is completed exactly once. The handler is the suite's
 * Java handler ({@link ProbeHandlerProvider}), whose effect store is idempotent by job id.
 */
@RedwireTest
@OnEveryTopology
class QueueKillIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final String QUEUE = "killed";
  static final int JOBS = 20;
  /** Jobs the doomed process runs at once: they are mid-work when it dies; the rest still wait. */
  static final int RUNNING = 8;
  static final Pattern COMPLETED = Pattern.compile(
      "redwire_queue_jobs_total\\{outcome=\"completed\",queue=\"" + QUEUE + "\"} ([0-9.]+)");
  static EffectStore store;
  static TestRedis redis;
  static TestApp observer;

  @BeforeAll
  static void startStore() {
    store = EffectStore.start();
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  @BeforeEachTopology
  static void start(TestRedis r, TestApp app) {
    redis = r;
    observer = app; // does not work the queue: it enqueues and reads
    store.clear();
  }

  /** A worker of the queue on the observer's keys, with a short lease so a dead one's jobs come back soon. */
  static Map<String, String> worker() {
    return Map.of("REDWIRE_KEY_PREFIX", observer.prefix(),
        "REDWIRE_QUEUE_HANDLERS", QUEUE + ":" + ProbeHandlerProvider.NAME,
        "REDWIRE_QUEUE_HANDLER_SETTINGS", "probe.target=" + store.url(),
        "REDWIRE_QUEUE_CONCURRENCY", String.valueOf(RUNNING),
        "REDWIRE_QUEUE_LEASE_MS", "2000",
        "REDWIRE_WEBHOOK_TIMEOUT_MS", "1000",
        "REDWIRE_QUEUE_REAP_INTERVAL_MS", "100");
  }

  static JsonObject counts() {
    return observer.get("/api/v1/queues/" + QUEUE, KEY).json();
  }

  static JsonObject job(String id) {
    return observer.get("/api/v1/queues/" + QUEUE + "/jobs/" + id, KEY).json();
  }

  @Test
  void jobsOfAServerKilledMidWorkAreCompletedOnceByTheSurvivor(TestApps apps) {
    store.hold(true); // effects are applied, but the handlers get no answer: they stay mid-job
    long doomedPid;
    try (ServerProcess doomed = ServerProcess.start(redis, worker())) {
      doomedPid = doomed.pid();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        ids.add(observer.post("/api/v1/queues/" + QUEUE + "/jobs", new JsonObject()
            .put("payload", new JsonObject().put("n", i)).put("jobId", "job-" + i), KEY).json().getString("jobId"));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> store.deliveries.size() == RUNNING
          && counts().getInteger("active") == RUNNING);
      assertEquals(JOBS - RUNNING, counts().getInteger("waiting"));
      assertEquals(0, counts().getInteger("completed"));
      assertTrue(store.deliveries.stream().allMatch(d -> d.pid() == doomedPid), "the doomed process runs them");

      doomed.kill();
    }
    Set<String> wereRunning = store.deliveries.stream().map(EffectStore.Delivery::jobId).collect(Collectors.toSet());
    assertEquals(RUNNING, counts().getInteger("active"), "a killed process hands nothing back");
    store.hold(false);

    TestApp survivor = apps.start(worker());
    await().atMost(Duration.ofSeconds(30)).until(() -> counts().getInteger("completed") == JOBS);
    JsonObject counts = counts();
    assertEquals(0, counts.getInteger("active"));
    assertEquals(0, counts.getInteger("waiting"));
    assertEquals(0, counts.getInteger("delayed"));
    assertEquals(0, counts.getInteger("failed"));

    long survivorPid = ProcessHandle.current().pid();
    for (int i = 0; i < JOBS; i++) {
      String id = "job-" + i;
      JsonObject job = job(id);
      assertEquals("completed", job.getString("state"), id);
      List<EffectStore.Delivery> deliveries = store.deliveriesOf(id);
      if (wereRunning.contains(id)) {
        assertEquals(2, job.getInteger("attempts"), "the dead process's attempt counts: " + id);
        assertTrue(job.getString("lastError").startsWith("lease expired"), job.encode());
        assertEquals(List.of(doomedPid, survivorPid), deliveries.stream().map(EffectStore.Delivery::pid).toList(),
            "delivered again, by the survivor: " + id);
        assertEquals(doomedPid, store.applied.get(id).pid(), "the effect stays the first delivery's: " + id);
      } else {
        assertEquals(1, job.getInteger("attempts"), id);
        assertEquals(List.of(survivorPid), deliveries.stream().map(EffectStore.Delivery::pid).toList(), id);
      }
    }
    assertEquals(JOBS, store.applied.size(), "every job's effect was applied, none lost");
    // the doomed process acked nothing, so every completion is the survivor's: one per job
    Matcher completed = COMPLETED.matcher(survivor.get("/metrics", null).body());
    assertTrue(completed.find(), "the survivor counts its completions");
    assertEquals(JOBS, Double.parseDouble(completed.group(1)), "each job completed once");
  }
}
