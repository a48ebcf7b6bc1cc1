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
import org.junit.jupiter.api.Test;

/**
 * A cluster master stops: readiness turns 503 once the cluster reports cluster_state:fail, requests
 * answer 503 fast instead of hanging, and everything serves again by itself when the master is back.
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
}
