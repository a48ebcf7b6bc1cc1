package io.redwire.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** REDWIRE_REDIS_MIN_REPLICAS_ACK and REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS: defaults, overrides, refusals. */
class ReplicaAckConfigTest {

  @Test
  void writesDoNotWaitForReplicasByDefault() {
    AppConfig.Redis redis = ConfigLoader.load(Map.of()).redis();
    assertEquals(0, redis.minReplicasAck());
    assertEquals(500, redis.replicaAckTimeoutMs());
  }

  @Test
  void theVariablesSetBothKeys() {
    AppConfig.Redis redis = ConfigLoader.load(Map.of(
        "REDWIRE_REDIS_MIN_REPLICAS_ACK", "2", "REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "250")).redis();
    assertEquals(2, redis.minReplicasAck());
    assertEquals(250, redis.replicaAckTimeoutMs());
  }

  @Test
  void badValuesNameTheirKey() {
    assertRefused(Map.of("REDWIRE_REDIS_MIN_REPLICAS_ACK", "-1"), "redis.minReplicasAck (REDWIRE_REDIS_MIN_REPLICAS_ACK)");
    assertRefused(Map.of("REDWIRE_REDIS_MIN_REPLICAS_ACK", "one"), "redis.minReplicasAck (REDWIRE_REDIS_MIN_REPLICAS_ACK)");
    assertRefused(Map.of("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "-5"),
        "redis.replicaAckTimeoutMs (REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS)");
    // WAIT with timeout 0 would block for ever
    assertRefused(Map.of("REDWIRE_REDIS_MIN_REPLICAS_ACK", "1", "REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "0"),
        "redis.replicaAckTimeoutMs (REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS) must be above 0");
    // without acks a timeout of 0 is simply unused
    assertEquals(0, ConfigLoader.load(Map.of("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "0")).redis().replicaAckTimeoutMs());
  }

  @Test
  void aClusterWaitsForReplicasToo() {
    AppConfig.Redis redis = ConfigLoader.load(Map.of("REDWIRE_REDIS_TYPE", "cluster", "REDIS_URL",
        "redis://127.0.0.1:7001", "REDWIRE_REDIS_MIN_REPLICAS_ACK", "1")).redis();
    assertEquals(AppConfig.RedisType.CLUSTER, redis.type());
    assertEquals(1, redis.minReplicasAck());
  }

  @Test
  void theServerExitsWithCode2NamingTheKey() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "io.redwire.Main").redirectErrorStream(true);
    pb.environment().put("REDWIRE_REDIS_MIN_REPLICAS_ACK", "1");
    pb.environment().put("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "0");
    Process server = pb.start();
    String output = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(server.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, server.exitValue(), output);
    assertTrue(output.contains("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS"), output);
  }

  private static String assertRefused(Map<String, String> env, String expected) {
    ConfigException err = assertThrows(ConfigException.class, () -> ConfigLoader.load(env), env.toString());
    assertTrue(err.getMessage().contains(expected), err.getMessage());
    return err.getMessage();
  }
}
