package io.redwire.queue;

import static io.redwire.queue.QueuePaths.base;
import static io.redwire.queue.QueuePaths.newQueue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /api/v1/queues/{queue}/ack: an HTTP worker acks what it reserved in one request. */
@RedwireTest
@OnEveryTopology
class BatchAckIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestApp a) {
    app = a;
  }

  /** Enqueues n jobs and reserves them all. */
  static JsonArray reserved(String queue, int n) {
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < n; i++) {
      jobs.add(new JsonObject().put("payload", i));
    }
    assertEquals(202, app.post(base(queue) + "/jobs", new JsonObject().put("jobs", jobs), KEY).status());
    Reply r = app.post(base(queue) + "/reserve", new JsonObject().put("max", n), KEY);
    assertEquals(200, r.status(), r.body());
    assertEquals(n, r.json().getJsonArray("jobs").size());
    return r.json().getJsonArray("jobs");
  }

  static JsonObject entry(Object job) {
    JsonObject j = (JsonObject) job;
    return new JsonObject().put("jobId", j.getString("jobId")).put("lease", j.getString("lease"));
  }

  @Test
  void theJobsAreCompletedAndAWrongLeaseIsListedAndLeftAsItWas() {
    String q = "b" + UUID.randomUUID().toString().substring(0, 8);
    JsonArray taken = reserved(q, 5);
    JsonArray acks = new JsonArray();
    taken.forEach(j -> acks.add(entry(j)));
    String stale = acks.getJsonObject(4).getString("jobId");
    acks.getJsonObject(4).put("lease", "not-the-lease");
    Reply r = app.post(base(q) + "/ack", new JsonObject().put("jobs", acks), KEY);
    assertEquals(200, r.status(), r.body());
    assertEquals(new JsonObject().put("acked", 4).put("conflicts", new JsonArray().add(stale)), r.json());
    JsonObject counts = app.get(base(q), KEY).json();
    assertEquals(4, counts.getInteger("completed"));
    assertEquals(1, counts.getInteger("active"));
    assertEquals("active", app.get(base(q) + "/jobs/" + stale, KEY).json().getString("state"));
    assertEquals("completed", app.get(base(q) + "/jobs/" + acks.getJsonObject(0).getString("jobId"), KEY)
        .json().getString("state"));

    Reply again = app.post(base(q) + "/ack", new JsonObject().put("jobs", new JsonArray().add(acks.getJsonObject(0))), KEY);
    assertEquals(new JsonObject().put("acked", 0).put("conflicts", new JsonArray().add(acks.getJsonObject(0)
        .getString("jobId"))), again.json(), "a completed job's lease is spent");
  }

  @Test
  void malformedRequestsAckNothing() {
    String q = "b" + UUID.randomUUID().toString().substring(0, 8);
    JsonArray taken = reserved(q, 2);
    JsonObject first = entry(taken.getValue(0));
    List<JsonObject> bad = new ArrayList<>();
    bad.add(new JsonObject());
    bad.add(new JsonObject().put("jobs", new JsonArray()));
    bad.add(new JsonObject().put("jobs", new JsonArray().add(first).add(first.copy())));
    bad.add(new JsonObject().put("jobs", new JsonArray().add(first).add(new JsonObject().put("jobId",
        entry(taken.getValue(1)).getString("jobId")))));
    bad.add(new JsonObject().put("jobs", new JsonArray().add(first.copy().put("extra", 1))));
    bad.add(new JsonObject().put("jobs", new JsonArray().add(first).add("x")));
    bad.add(new JsonObject().put("jobs", new JsonArray().add(first.copy().put("jobId", "a/b"))));
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < AckBatcher.MAX_PER_SCRIPT + 1; i++) {
      tooMany.add(new JsonObject().put("jobId", "j" + i).put("lease", "l"));
    }
    bad.add(new JsonObject().put("jobs", tooMany));
    for (JsonObject body : bad) {
      Reply r = app.post(base(q) + "/ack", body, KEY);
      assertEquals(400, r.status(), body.encode() + " -> " + r.body());
      assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.toString());
    }
    assertEquals(0, app.get(base(q), KEY).json().getInteger("completed"));
    assertEquals(2, app.get(base(q), KEY).json().getInteger("active"));
  }
}
