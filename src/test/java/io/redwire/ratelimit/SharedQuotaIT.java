package io.redwire.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two replicas on one Redis enforce one quota per principal, not one each. */
class SharedQuotaIT {

  @Test
  void replicasShareTheQuota() {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env = Map.of("REDWIRE_RATE_LIMIT", "6/60s", "REDWIRE_KEY_PREFIX", "shared:");
      try (TestApp a = TestApp.start(redis.url(), env); TestApp b = TestApp.start(redis.url(), env)) {
        int ok = 0;
        for (int i = 0; i < 10; i++) {
          TestApp replica = i % 2 == 0 ? a : b;
          if (replica.get("/api/v1/counters/q", TestApp.SERVICE_KEY).status() == 200) {
            ok++;
          }
        }
        assertEquals(6, ok);
      }
    }
  }
}
