package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.config.AppConfig;
import io.redwire.support.RedwireTest;
import io.redwire.support.SentinelSet;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * redwire on a sentinel-managed master: it finds the master through the sentinel, and when the master
 * dies it serves again from the promoted replica without a restart.
 */
@RedwireTest
class SentinelFailoverIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void afterTheMasterDiesTheServerServesFromThePromotedReplicaWithoutARestart(TestApps apps) {
    try (SentinelSet set = SentinelSet.start()) {
      Map<String, String> env = new HashMap<>(set.appEnv());
      env.put("REDWIRE_REDIS_TIMEOUT_MS", "500");
      env.put("REDWIRE_READINESS_CACHE_MS", "0");
      TestApp app = apps.start(env);
      assertEquals(AppConfig.RedisType.SENTINEL, app.app().config().redis().type());
      for (int i = 0; i < 10; i++) {
        assertEquals(200, app.post("/api/v1/counters/before" + i + "/incr", null, KEY).status());
      }
      assertEquals(set.master().port(), set.masterPort());

      set.master().stop();
      await("the sentinel promotes the replica").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .ignoreExceptions().until(() -> set.masterPort() == set.replica().port());
      await("serves again without a restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> app.post("/api/v1/counters/after/incr", null, KEY).status() == 200);
      assertEquals(200, app.get("/health/ready", null).status());
      // the replica had the writes from before (replication is asynchronous: without WAIT a write
      // acknowledged in the last moment before the master died could be missing; these were older)
      assertEquals(1, app.get("/api/v1/counters/before0", KEY).json().getLong("value"));
    }
  }
}
