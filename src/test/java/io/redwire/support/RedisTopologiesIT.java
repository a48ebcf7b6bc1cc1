package io.redwire.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisTopologies}: the class runs once per topology, each run on a Redis of its own. */
@RedwireTest(redis = RedisSource.PRIVATE)
@RedisTopologies({Topology.STANDALONE, Topology.CLUSTER})
class RedisTopologiesIT {

  // across the runs: static state survives from one class template invocation to the next
  private static final List<String> URLS_OF_EARLIER_RUNS = new ArrayList<>();
  private static TestRedis runRedis;

  @BeforeAll
  static void eachRunHasARedisOfItsOwn(TestRedis redis) {
    assertFalse(URLS_OF_EARLIER_RUNS.contains(redis.url()), redis.url() + " was used by an earlier run");
    URLS_OF_EARLIER_RUNS.add(redis.url());
    runRedis = redis;
  }

  @Test
  void theRunsGoStandaloneThenCluster(TestRedis redis) {
    assertEquals(runRedis, redis, "methods get their run's Redis");
    // the runs come in the annotation's order
    assertEquals(URLS_OF_EARLIER_RUNS.size() == 2, redis.isCluster(), redis.url());
    assertEquals(redis.isCluster() ? Map.of("REDWIRE_REDIS_TYPE", "cluster") : Map.of(), redis.appEnv());
  }

  @Test
  void keyCommandsWorkTheSameOnBoth(TestRedis redis) {
    redis.call("SET", "topologies:{k}", "1");
    assertEquals("1", redis.call("GET", "topologies:{k}"));
    try (RespClient client = redis.client()) {
      assertEquals(List.of("topologies:{k}"), client.scan("topologies:*"));
    }
    assertNotNull(redis.callOnEach("INFO", "commandstats").get(0));
  }
}
