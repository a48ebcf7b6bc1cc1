package io.redwire.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.config.AppConfig;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the harness promises about {@link OnEveryTopology}: the class runs once per topology, named after
 * it, and each run has a Redis and an app of its own, which its test methods see and which stop when the
 * run ends. The checks after both runs ({@code @AfterAll}) fail if the runs shared a Redis.
 */
@RedwireTest
@OnEveryTopology
class OnEveryTopologyIT {

  /** Every run, in run order, as its {@link BeforeEachTopology} method saw it. */
  static final List<Run> RUNS = new ArrayList<>();
  /** The display name of the run the current test method belongs to. */
  static String runName;

  @RegisterExtension
  static final BeforeEachCallback RUN_NAME = context -> runName = context.getParent().orElseThrow().getDisplayName();

  record Run(TestRedis redis, TestApp app) {
  }

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp app) {
    RUNS.add(new Run(redis, app));
  }

  @AfterEachTopology
  static void stop(TestRedis redis) {
    // still up here: the run's Redis stops after its @AfterEachTopology methods
    assertEquals("PONG", redis.call("PING"));
  }

  static Run currentRun() {
    return RUNS.get(RUNS.size() - 1);
  }

  @Test
  void testMethodsGetTheRedisAndAppOfTheirOwnRun(TestRedis redis, TestApp app) {
    assertSame(currentRun().redis(), redis);
    assertSame(currentRun().app(), app);
  }

  @Test
  void eachRunIsNamedAfterItsTopologyAndRunsOnIt(TestRedis redis, TestApp app) {
    assertEquals(redis.isCluster() ? "[cluster]" : "[standalone]", runName);
    assertEquals(redis.isCluster() ? AppConfig.RedisType.CLUSTER : AppConfig.RedisType.STANDALONE,
        app.app().config().redis().type());
    assertEquals(redis.isCluster() ? 3 : 1, redis.nodes().size());
  }

  @Test
  void theAppWritesToItsRunsRedis(TestRedis redis, TestApp app) {
    assertEquals(200, app.post("/api/v1/counters/harness/incr", new JsonObject().put("by", 7), TestApp.SERVICE_KEY)
        .status());
    assertEquals("7", redis.call("GET", app.prefix() + "counter:{harness}"));
  }

  @Test
  void factoriesStartAppsOnTheRunsRedis(TestRedis redis, TestApps apps) {
    TestApp another = apps.start();
    assertEquals(redis.url(), another.app().config().redis().url());
  }

  @AfterAll
  static void everyTopologyRanOnceOnARedisOfItsOwn() {
    assertEquals(2, RUNS.size(), "one run per topology");
    Run standalone = RUNS.get(0);
    Run cluster = RUNS.get(1);
    assertFalse(standalone.redis().isCluster(), "the standalone run comes first");
    assertTrue(cluster.redis().isCluster(), "the cluster run has the cluster, not the first run's Redis");
    Set<String> standaloneNodes = new HashSet<>(List.of(standalone.redis().url().split(",")));
    for (String node : cluster.redis().url().split(",")) {
      assertFalse(standaloneNodes.contains(node), node + " served both runs");
    }
    assertTrue(standalone.app() != cluster.app(), "each run has its own app");
    // a run's Redis stops when the run ends (an external REDIS_URL is never stopped)
    for (Run run : RUNS) {
      if (run.redis().owned()) {
        for (TestRedis node : run.redis().nodes()) {
          assertThrows(UncheckedIOException.class, () -> node.call("PING"), node.url() + " still runs");
        }
      }
    }
  }
}
