package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster master stops: readiness turns 503 once the cluster reports cluster_state:fail, requests
 * answer 503 fast instead of hanging, and everything serves again by itself when the master is back.
 * With {@code cluster-require-full-coverage no} only the stopped master's keys fail; the others' serve on.
 */
@RedwireTest(redis = RedisSource.CLUSTER, env = {"REDWIRE_REDIS_TIMEOUT_MS=500", "REDWIRE_READINESS_CACHE_MS=0"})
class ClusterMasterDownIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aStoppedMasterIsNotReadyAndFailsFastThenRecovers(TestRedis redis, TestApp app) {
    assertEquals(200, app.post("/api/v1/counters/before/incr", null, KEY).status());
    assertEquals(200, app.get("/health/ready", null).status());
    // not the first node: the test's own client enters the cluster through it
    TestRedis master = redis.nodes().get(1);
    master.stop();
    try {
      await("cluster_state:fail makes the replica not ready").atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100)).until(() -> app.get("/health/ready", null).status() == 503);
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Reply r = app.post("/api/v1/counters/during" + i + "/incr", null, KEY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status(), r.body());
        assertTrue(tookMs < 5000, "fails fast, took " + tookMs + " ms");
      }
    } finally {
      master.startAgain();
    }
    await("serves again without a restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> app.get("/health/ready", null).status() == 200
            && app.post("/api/v1/counters/after/incr", null, KEY).status() == 200);
  }

  @Test
  void withoutFullCoverageOnlyTheStoppedMastersKeysFail(TestRedis redis, TestApp app) {
    redis.callOnEach("CONFIG", "SET", "cluster-require-full-coverage", "no");
    TestRedis master = redis.nodes().get(2);
    List<int[]> stoppedSlots = slotRanges(master.call("CLUSTER", "NODES").toString());
    List<String> onStopped = new ArrayList<>();
    List<String> onOthers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String name = "spread" + i;
      assertEquals(200, app.post("/api/v1/counters/" + name + "/incr", null, KEY).status());
      // counters are tagged {name}: the tag's slot is the name's
      long slot = (Long) master.call("CLUSTER", "KEYSLOT", name);
      (stoppedSlots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]) ? onStopped : onOthers).add(name);
    }
    assertTrue(!onStopped.isEmpty() && !onOthers.isEmpty(), "30 counters spread over the masters");
    master.stop();
    try {
      for (String name : onStopped) {
        long start = System.nanoTime();
        Reply r = app.post("/api/v1/counters/" + name + "/incr", null, KEY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status(), name + " lives on the stopped master: " + r.body());
        assertTrue(tookMs < 5000, "fails fast, took " + tookMs + " ms");
      }
      for (String name : onOthers) {
        Reply r = app.post("/api/v1/counters/" + name + "/incr", null, KEY);
        assertEquals(200, r.status(), name + " lives on a running master: " + r.body());
        assertEquals(2, r.json().getLong("value"));
      }
    } finally {
      master.startAgain();
      redis.callOnEach("CONFIG", "SET", "cluster-require-full-coverage", "yes");
    }
    await("the stopped master's keys serve again without a restart").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> app.post("/api/v1/counters/" + onStopped.get(0) + "/incr", null, KEY).status() == 200);
  }

  /** The slot ranges of the node that answered CLUSTER NODES (its "myself" line). */
  private static List<int[]> slotRanges(String clusterNodes) {
    List<int[]> ranges = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      if (!line.contains("myself")) {
        continue;
      }
      String[] fields = line.trim().split(" ");
      for (int f = 8; f < fields.length; f++) {
        if (fields[f].startsWith("[")) {
          continue;
        }
        String[] bounds = fields[f].split("-");
        int from = Integer.parseInt(bounds[0]);
        ranges.add(new int[] {from, bounds.length > 1 ? Integer.parseInt(bounds[1]) : from});
      }
    }
    return ranges;
  }
}
