package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.ContainerCluster;
import io.redwire.support.RedisContainer;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * One master of a three-master cluster hangs (its container paused): the keys it serves answer 503
 * within the command timeout, the other masters' keys keep serving, also once the cluster has flagged
 * the paused one as failed (it runs with {@code cluster-require-full-coverage no}), and all of it serves
 * again by itself after the unpause.
 */
@Testcontainers(disabledWithoutDocker = true)
class PausedClusterMasterIT {

  static final long TIMEOUT_MS = 500;
  static final String KEY = TestApp.SERVICE_KEY;

  static ContainerCluster cluster;
  static TestApp app;
  // not the first seed: redwire enters the cluster through it
  static RedisContainer paused;
  static String onPaused;
  static List<String> onOthers;

  @BeforeAll
  static void start() {
    cluster = ContainerCluster.start();
    Map<String, String> env = new HashMap<>(cluster.appEnv());
    env.put("REDWIRE_REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS));
    // the per-principal rate-limit window is one key on one master: on the paused one it would fail
    // every request of the principal (fail closed), which is not what this class looks at
    env.put("REDWIRE_RATE_LIMIT_ENABLED", "false");
    app = TestApp.start(cluster.url(), env);
    paused = cluster.masters().get(1);
    onPaused = counterServedBy(paused);
    onOthers = List.of(counterServedBy(cluster.masters().get(0)), counterServedBy(cluster.masters().get(2)));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void thePausedMastersKeysAnswer503FastAndRecoverAfterUnpause() {
    assertEquals(200, incr(onPaused).status());
    paused.pause();
    try {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        Reply r = incr(onPaused);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status(), r.body());
        assertNotNull(r.header("Retry-After"));
        assertTrue(tookMs < TIMEOUT_MS + 1500, "answered within the timeout, took " + tookMs + " ms");
      }
    } finally {
      paused.unpause();
    }
    awaitServing(onPaused);
  }

  @Test
  void keysOnTheOtherMastersKeepServingWhileOneIsPausedAndFlaggedFailed() {
    onOthers.forEach(name -> assertEquals(200, incr(name).status()));
    paused.pause();
    try {
      cluster.awaitFlaggedFailed(paused);
      for (String name : onOthers) {
        Reply r = incr(name);
        assertEquals(200, r.status(), name + " is on a master that runs: " + r.body());
      }
    } finally {
      paused.unpause();
    }
    onOthers.forEach(PausedClusterMasterIT::awaitServing);
    awaitServing(onPaused);
  }

  private static Reply incr(String name) {
    return app.post("/api/v1/counters/" + name + "/incr", null, KEY);
  }

  private static void awaitServing(String name) {
    await(name + " serves again after the unpause").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> incr(name).status() == 200);
  }

  /** A counter name whose key ({@code counter:{name}}, see CounterKeys) lives on {@code master}. */
  private static String counterServedBy(RedisContainer master) {
    for (int i = 0; i < 1000; i++) {
      String name = "c" + i;
      if (cluster.masterOf(app.prefix() + "counter:{" + name + "}") == master) {
        return name;
      }
    }
    throw new IllegalStateException("no counter name in 1000 lands on " + master.url());
  }
}
