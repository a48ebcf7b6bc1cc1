package io.redwire.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.ServerProcess;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Java handler added through ServiceLoader: the suite's {@link ProbeHandlerProvider} (listed in
 * src/test/resources/META-INF/services) is loaded from the classpath, bound by name in
 * REDWIRE_QUEUE_HANDLERS, gets its settings, and runs jobs with the built-ins' retry rules.
 */
@RedwireTest(env = "REDWIRE_QUEUE_REAP_INTERVAL_MS=100")
@OnEveryTopology
class JavaHandlerIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static EffectStore store;
  static TestRedis redis;
  static TestApp app;

  @BeforeAll
  static void startStore() {
    store = EffectStore.start();
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  @BeforeEachTopology
  static void start(TestRedis r, TestApps apps) {
    redis = r;
    app = apps.start(Map.of("REDWIRE_QUEUE_HANDLERS", "probed:probe",
        "REDWIRE_QUEUE_HANDLER_SETTINGS", "probe.target=" + store.url() + ",probe.timeoutMs=5000"));
  }

  @BeforeEach
  void reset() {
    store.clear();
  }

  static String enqueue(JsonObject job) {
    Reply r = app.post("/api/v1/queues/probed/jobs", job, KEY);
    assertEquals(202, r.status(), r.body());
    return r.json().getString("jobId");
  }

  static JsonObject job(String id) {
    return app.get("/api/v1/queues/probed/jobs/" + id, KEY).json();
  }

  static JsonObject awaitState(String id, String state) {
    await().atMost(Duration.ofSeconds(20)).until(() -> state.equals(job(id).getString("state")));
    return job(id);
  }

  @Test
  void aJobRunsThroughTheProvidedHandlerWithItsSettings() {
    String id = enqueue(new JsonObject().put("payload", new JsonObject().put("order", 7)));
    assertEquals(1, awaitState(id, "completed").getInteger("attempts"));
    EffectStore.Delivery d = store.applied.get(id);
    assertEquals(new JsonObject().put("order", 7), d.payload(), "the handler got the payload and reached its target");
    assertEquals(ProcessHandle.current().pid(), d.pid());
    assertEquals("probe", app.get("/api/v1/queues/probed", KEY).json().getString("handler"));
  }

  @Test
  void failuresAreRetriedWithBackoffUntilTheHandlerSucceeds() {
    String id = enqueue(new JsonObject().put("payload", new JsonObject().put("failUntil", 3)).put("backoffMs", 100));
    JsonObject done = awaitState(id, "completed");
    assertEquals(3, done.getInteger("attempts"));
    assertEquals("probe: attempt 2 fails (failUntil 3)", done.getString("lastError"));
    assertEquals(1, store.deliveriesOf(id).size(), "the effect ran on the attempt that succeeded");
    assertEquals(3, store.applied.get(id).attempts(), "the handler sees which attempt it runs");
  }

  @Test
  void whenTheAttemptsRunOutTheJobFails() {
    String id = enqueue(new JsonObject().put("payload", new JsonObject().put("failUntil", 10))
        .put("backoffMs", 50).put("maxAttempts", 2));
    JsonObject failed = awaitState(id, "failed");
    assertEquals(2, failed.getInteger("attempts"));
    assertEquals("probe: attempt 2 fails (failUntil 10)", failed.getString("lastError"));
    assertTrue(app.get("/api/v1/queues/probed/failed", KEY).json().getJsonArray("jobs").stream()
        .anyMatch(j -> id.equals(((JsonObject) j).getString("jobId"))), "listed with the failed jobs");
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    String id = enqueue(new JsonObject().put("payload", new JsonObject().put("permanent", true)).put("backoffMs", 50));
    JsonObject failed = awaitState(id, "failed");
    assertEquals(1, failed.getInteger("attempts"));
    assertEquals("probe: refused for good", failed.getString("lastError"));
  }

  @Test
  void aQueueOfAJavaHandlerIsNotServedToHttpWorkers() {
    Reply r = app.post("/api/v1/queues/probed/reserve", new JsonObject(), KEY);
    assertEquals(409, r.status(), r.body());
    assertTrue(r.body().contains("probe"), r.body());
  }

  @Test
  void aBindingToAHandlerNobodyProvidesStopsTheServerAtStartup() {
    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> TestApp.start(redis, Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:pdf")).close());
    assertTrue(refused.getMessage().contains("queues.handlers (REDWIRE_QUEUE_HANDLERS) binds queue 'invoices' to "
        + "unknown handler 'pdf' (available: noop, webhooks, notifications, probe;"), refused.getMessage());
    // a separate server process exits with 2, the configuration error's code
    IllegalStateException exited = assertThrows(IllegalStateException.class,
        () -> ServerProcess.start(redis, Map.of("REDWIRE_QUEUE_HANDLERS", "invoices:pdf")).close());
    assertTrue(exited.getMessage().contains("exited with 2"), exited.getMessage());
    assertTrue(exited.getMessage().contains("REDWIRE_QUEUE_HANDLERS"), exited.getMessage());
  }
}
