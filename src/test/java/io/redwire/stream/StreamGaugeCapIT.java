package io.redwire.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The group gauges stay bounded: with room for three groups, billing and the first two by stream name get
 * gauges, a fourth stream is not registered at all, and a stream that is gone makes room for the next;
 * appends to streams it does not know share one label.
 */
@RedwireTest(env = {"REDWIRE_STREAM_GAUGE_GROUPS_MAX=3", "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200"})
class StreamGaugeCapIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void atMostTheConfiguredGroupsGetGaugesAndAGoneStreamMakesRoom(TestRedis redis, TestApp app) {
    for (String s : List.of("cap-1", "cap-2", "cap-3", "cap-4")) {
      assertEquals(200, app.put("/api/v1/streams/" + s + "/groups/g", new JsonObject().put("from", "0"), KEY).status());
    }
    assertEquals(Set.of("cap-1", "cap-2", "cap-3"), Set.copyOf(redis.client().list("SMEMBERS",
        app.prefix() + "streams:watched")), "registration stops at the cap");
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingGauges(app), Set.of("group=\"billing\",stream=\"orders\"",
        "group=\"g\",stream=\"cap-1\"", "group=\"g\",stream=\"cap-2\"")::equals);

    redis.call("DEL", app.prefix() + "stream:{cap-1}");
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingGauges(app), Set.of("group=\"billing\",stream=\"orders\"",
        "group=\"g\",stream=\"cap-2\"", "group=\"g\",stream=\"cap-3\"")::equals);
    assertEquals(Set.of("cap-2", "cap-3"), Set.copyOf(redis.client().list("SMEMBERS",
        app.prefix() + "streams:watched")), "a stream that is gone leaves the registry");

    // appends are counted by stream name for known streams only: the others share one label
    for (String s : List.of("cap-2", "cap-4", "never-grouped")) {
      assertEquals(202, app.post("/api/v1/streams/" + s + "/events", new JsonObject().put("event",
          new JsonObject()), KEY).status());
    }
    String metrics = app.get("/metrics", null).body();
    assertTrue(metrics.contains("redwire_stream_appended_total{stream=\"cap-2\"} 1.0"), metrics);
    assertTrue(metrics.contains("redwire_stream_appended_total{stream=\"_other\"} 2.0"), metrics);
    assertFalse(metrics.contains("stream=\"never-grouped\""), metrics);
  }

  /** The label sets of the redwire_stream_pending gauges on /metrics. */
  static Set<String> pendingGauges(TestApp app) {
    return app.get("/metrics", null).body().lines().filter(l -> l.startsWith("redwire_stream_pending{"))
        .map(l -> l.substring(l.indexOf('{') + 1, l.indexOf('}'))).collect(Collectors.toSet());
  }
}
