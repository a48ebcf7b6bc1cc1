package io.redwire.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import org.junit.jupiter.api.Test;

/** Two replicas on one Redis (or one cluster) enforce one quota per principal, not one each. */
@RedwireTest(env = "REDWIRE_RATE_LIMIT=6/60s")
@OnEveryTopology
class SharedQuotaIT {

  @Test
  void replicasShareTheQuota(TestApp a, TestApps apps) {
    TestApp b = apps.replicaOf(a);
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
