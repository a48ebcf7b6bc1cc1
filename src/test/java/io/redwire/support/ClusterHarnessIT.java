package io.redwire.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the harness promises about {@link RedisSource#CLUSTER}: a working three-master cluster and routing to it. */
@RedwireTest(redis = RedisSource.CLUSTER)
class ClusterHarnessIT {

  @Test
  void everyNodeReportsAHealthyClusterOfThreeMastersCoveringAllSlots(TestRedis redis) {
    assertTrue(redis.isCluster());
    assertEquals(3, redis.nodes().size());
    for (Object info : redis.callOnEach("CLUSTER", "INFO")) {
      for (String line : List.of("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3",
          "cluster_size:3")) {
        assertTrue(info.toString().contains(line), line + " in " + info);
      }
    }
    try (RespClient client = redis.client()) {
      assertEquals(3, client.masters().size());
    }
  }

  @Test
  void urlIsTheCommaSeparatedSeedListOfTheMasters(TestRedis redis) {
    String expected = redis.nodes().stream().map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    assertEquals(expected, redis.url());
    assertTrue(redis.url().matches("redis://127\\.0\\.0\\.1:\\d+(,redis://127\\.0\\.0\\.1:\\d+){2}"), redis.url());
    assertEquals("cluster", redis.appEnv().get("REDWIRE_REDIS_TYPE"));
  }

  @Test
  void callFollowsRedirectsToTheMasterOfEachKey(TestRedis redis) {
    Map<Integer, String> keyByMasterPort = oneKeyPerMaster(redis, "harness-call:");
    assertEquals(3, keyByMasterPort.size(), "one key per master: " + keyByMasterPort);
    keyByMasterPort.forEach((port, key) -> redis.call("SET", key, "v-" + port));
    TestRedis seed = redis.nodes().get(0);
    keyByMasterPort.forEach((port, key) -> {
      assertEquals("v-" + port, redis.call("GET", key));
      TestRedis owner = node(redis, port);
      assertEquals("v-" + port, owner.call("GET", key), "stored on its slot's master");
      if (owner != seed) {
        // the seed answers MOVED for the other masters' keys: the cluster client followed it
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> seed.call("GET", key));
        assertTrue(moved.getMessage().contains("MOVED"), moved.getMessage());
      }
    });
    try (RespClient client = redis.client()) {
      keyByMasterPort.values().forEach(key -> assertEquals(1, client.number("EXISTS", key)));
    }
  }

  @Test
  void scanSeesTheKeysOfEveryMaster(TestRedis redis) {
    Map<Integer, String> keyByMasterPort = oneKeyPerMaster(redis, "harness-scan:");
    keyByMasterPort.values().forEach(key -> redis.call("SET", key, "1"));
    try (RespClient client = redis.client()) {
      List<String> found = client.scan("harness-scan:*");
      assertEquals(3, found.size(), "no key seen twice: " + found);
      assertEquals(new HashSet<>(keyByMasterPort.values()), new HashSet<>(found));
    }
  }

  @Test
  void theWholeClusterCannotBeStoppedYetButEachNodeCan(TestRedis redis) {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, redis::stop);
    assertTrue(e.getMessage().contains("nodes()"), e.getMessage());
    assertTrue(redis.nodes().stream().allMatch(TestRedis::owned));
    assertFalse(redis.nodes().stream().anyMatch(TestRedis::isCluster));
  }

  /** Keys {@code <prefix>{tN}} until every master owns one, by the cluster's own slot table. */
  private static Map<Integer, String> oneKeyPerMaster(TestRedis redis, String prefix) {
    Map<Integer, String> keys = new LinkedHashMap<>();
    try (RespClient client = redis.client()) {
      List<Object> ranges = client.list("CLUSTER", "SLOTS");
      for (int i = 0; keys.size() < 3 && i < 1000; i++) {
        String key = prefix + "{t" + i + "}";
        long slot = client.number("CLUSTER", "KEYSLOT", key);
        for (Object r : ranges) {
          List<?> range = (List<?>) r;
          if ((Long) range.get(0) <= slot && slot <= (Long) range.get(1)) {
            int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
            keys.putIfAbsent(port, key);
          }
        }
      }
    }
    return keys;
  }

  private static TestRedis node(TestRedis cluster, int port) {
    return cluster.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
  }
}
