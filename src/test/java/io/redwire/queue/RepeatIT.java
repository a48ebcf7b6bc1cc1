package io.redwire.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeatable jobs across two replicas: each occurrence enqueued once, none skipped. */
@RedwireTest(env = "REDWIRE_QUEUE_REAP_INTERVAL_MS=100")
@OnEveryTopology
class RepeatIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestApp a) {
    app = a;
  }

  @Test
  void everyOccurrenceIsEnqueuedOnceAcrossReplicas(TestApps apps) {
    TestApp other = apps.replicaOf(app);
    Reply put = app.put("/api/v1/queues/ticks/repeat/tick",
        new JsonObject().put("everyMs", 1000).put("payload", new JsonObject().put("kind", "tick")), KEY);
    assertEquals(200, put.status(), put.body());
    assertTrue(put.json().getLong("nextRunAt") > System.currentTimeMillis() - 1000);
    await().atMost(Duration.ofSeconds(20)).until(() -> other.get("/api/v1/queues/ticks", KEY).json()
        .getInteger("waiting") >= 4);
    assertEquals(204, other.delete("/api/v1/queues/ticks/repeat/tick", KEY).status());
    JsonArray jobs = app.get("/api/v1/queues/ticks/jobs?limit=1000", KEY).json().getJsonArray("jobs");
    List<Long> occurrences = new ArrayList<>();
    for (Object o : jobs) {
      JsonObject job = (JsonObject) o;
      assertEquals("tick", job.getJsonObject("payload").getString("kind"));
      String id = job.getString("jobId");
      occurrences.add(Long.parseLong(id.substring(id.lastIndexOf('.') + 1)));
    }
    for (int i = 1; i < occurrences.size(); i++) {
      assertEquals(1000, occurrences.get(i) - occurrences.get(i - 1), "consecutive occurrences, each once: " + occurrences);
    }
    assertEquals(404, app.get("/api/v1/queues/ticks/repeat/tick", KEY).status());
  }

  @Test
  void cronSchedulesAreParsedAndShown() {
    Reply put = app.put("/api/v1/queues/reports/repeat/daily",
        new JsonObject().put("cron", "30 2 * * *").put("payload", "report"), KEY);
    assertEquals(200, put.status(), put.body());
    long next = put.json().getLong("nextRunAt");
    assertEquals(0, next % 60_000, "on a minute");
    assertEquals(2 * 3600_000 + 30 * 60_000, next % 86_400_000, "02:30 UTC");
    Reply got = app.get("/api/v1/queues/reports/repeat/daily", KEY);
    assertEquals("30 2 * * *", got.json().getString("cron"));
    assertEquals(400, app.put("/api/v1/queues/reports/repeat/bad",
        new JsonObject().put("cron", "61 * * * *").put("payload", 1), KEY).status());
    assertEquals(400, app.put("/api/v1/queues/reports/repeat/bad",
        new JsonObject().put("cron", "* * * * *").put("everyMs", 1000).put("payload", 1), KEY).status());
    assertEquals(400, app.put("/api/v1/queues/reports/repeat/bad",
        new JsonObject().put("everyMs", 10).put("payload", 1), KEY).status());
    assertEquals(204, app.delete("/api/v1/queues/reports/repeat/daily", KEY).status());
    assertEquals(404, app.delete("/api/v1/queues/reports/repeat/daily", KEY).status());
  }
}
