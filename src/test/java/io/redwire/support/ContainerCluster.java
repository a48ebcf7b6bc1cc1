package io.redwire.support;

import io.redwire.redis.RedisProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.lifecycle.Startables;

/**
 * A Redis Cluster of three masters, each in a {@link RedisContainer} on the host network (free loopback
 * ports, cluster bus on ports of their own), created with {@code redis-cli --cluster create} inside the
 * first container. {@code cluster-require-full-coverage no}: while one master is paused or gone the
 * others keep serving their slots, as the topology issue asks of redwire too.
 */
public final class ContainerCluster implements AutoCloseable {

  private static final int MASTERS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final String NODE_TIMEOUT_MS = "2000";

  private final List<RedisContainer> masters;

  private ContainerCluster(List<RedisContainer> masters) {
    this.masters = List.copyOf(masters);
  }

  /** Started, and returned once every node reports {@code cluster_state:ok}. */
  public static ContainerCluster start() {
    List<RedisContainer> masters = new ArrayList<>();
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < MASTERS; i++) {
      masters.add(RedisContainer.onHostNetwork(freePort(taken),
          "--cluster-enabled", "yes",
          "--cluster-port", String.valueOf(freePort(taken)),
          "--cluster-node-timeout", NODE_TIMEOUT_MS,
          "--cluster-require-full-coverage", "no"));
    }
    ContainerCluster cluster = new ContainerCluster(masters);
    try {
      Startables.deepStart(masters).join();
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The masters, in seed order. */
  public List<RedisContainer> masters() {
    return masters;
  }

  /** The seed list for {@code REDIS_URL}. */
  public String url() {
    return masters.stream().map(RedisContainer::url).collect(Collectors.joining(","));
  }

  /** What an app on this cluster needs besides {@code REDIS_URL}. */
  public Map<String, String> appEnv() {
    return Map.of("REDWIRE_REDIS_TYPE", "cluster");
  }

  /** The master that serves {@code key}'s slot, by the first master's slot table. */
  public RedisContainer masterOf(String key) {
    try (RespClient client = masters.get(0).client()) {
      long slot = client.number("CLUSTER", "KEYSLOT", key);
      for (Object r : client.list("CLUSTER", "SLOTS")) {
        List<?> range = (List<?>) r;
        if ((Long) range.get(0) <= slot && slot <= (Long) range.get(1)) {
          int port = ((Long) ((List<?>) range.get(2)).get(1)).intValue();
          return masters.stream().filter(m -> m.port() == port).findFirst().orElseThrow();
        }
      }
    }
    throw new IllegalStateException("no master serves the slot of " + key);
  }

  /**
   * Waits until every other master flags {@code node} as {@code fail} (not just {@code fail?}): the
   * cluster agrees it is down, after {@code cluster-node-timeout} without an answer.
   */
  public void awaitFlaggedFailed(RedisContainer node) {
    Awaitility.await("the other masters flag 127.0.0.1:" + node.port() + " as failed").atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> masters.stream().filter(m -> m != node).allMatch(m -> flagsOf(m, node).contains("fail")));
  }

  /** {@code node}'s flags in {@code viewer}'s CLUSTER NODES ("master", "fail?", "fail", ...). */
  private static List<String> flagsOf(RedisContainer viewer, RedisContainer node) {
    try (RespClient client = viewer.client()) {
      // "<id> 127.0.0.1:<port>@<bus> <flags> <master> ..."
      for (String line : client.string("CLUSTER", "NODES").split("\n")) {
        String[] fields = line.split(" ");
        if (fields.length > 2 && fields[1].startsWith("127.0.0.1:" + node.port() + "@")) {
          return List.of(fields[2].split(","));
        }
      }
    }
    return List.of();
  }

  private void create() {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    masters.forEach(m -> cmd.add("127.0.0.1:" + m.port()));
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      ExecResult result = masters.get(0).execInContainer(cmd.toArray(String[]::new));
      if (result.getExitCode() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + result.getStdout() + result.getStderr());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitOk() {
    Awaitility.await("cluster_state:ok on every node").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(50))
        .until(() -> masters.stream().allMatch(ContainerCluster::reportsOk));
  }

  private static boolean reportsOk(RedisContainer master) {
    try (RespClient client = master.client()) {
      return client.string("CLUSTER", "INFO").contains("cluster_state:ok");
    }
  }

  private static int freePort(Set<Integer> taken) {
    int port;
    do {
      port = RedisProcess.freePort();
    } while (!taken.add(port));
    return port;
  }

  @Override
  public void close() {
    masters.forEach(RedisContainer::close);
  }
}
