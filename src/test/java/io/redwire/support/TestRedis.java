package io.redwire.support;

import io.redwire.redis.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server the test started itself on a free loopback port (from the PATH, else the bundled
 * binary). Tests may stop, restart, pause and flush it: nobody else uses it.
 *
 * <p>Or a whole Redis Cluster ({@link #startCluster()}, {@link #isCluster()}): three masters, no
 * replicas. Then {@link #url()} is the comma-separated seed list, {@link #client()} and {@link #call}
 * follow {@code MOVED}/{@code ASK} redirects (keyless commands such as INFO or PUBSUB are answered by
 * the first node: use {@link #callOnEach} for every node's view), {@code client().scan} covers every
 * master, and {@link #nodes()} gives each master as a standalone {@code TestRedis} a fault test may
 * stop. Stopping, restarting or pausing the cluster as a whole is not supported yet.
 */
public final class TestRedis implements AutoCloseable {

  private static final int CLUSTER_MASTERS = 3;
  private static final Duration CLUSTER_READY_TIMEOUT = Duration.ofSeconds(20);

  private final RedisProcess process;
  private final String host;
  private final int port;
  // a cluster's masters, in seed order; empty for a single server
  private final List<TestRedis> nodes;
  // a cluster's replicas, when it was made with them (each replica's master is its replicaOf)
  private final List<TestRedis> replicas;
  // a cluster's nodes-<port>.conf files, deleted on close
  private final Path clusterDir;

  private TestRedis(RedisProcess process) {
    this.process = process;
    this.host = "127.0.0.1";
    this.port = process.port();
    this.nodes = List.of();
    this.replicas = List.of();
    this.clusterDir = null;
  }

  private TestRedis(String host, int port) {
    this.process = null;
    this.host = host;
    this.port = port;
    this.nodes = List.of();
    this.replicas = List.of();
    this.clusterDir = null;
  }

  private TestRedis(List<TestRedis> nodes, List<TestRedis> replicas, Path clusterDir) {
    this.process = null;
    this.host = "127.0.0.1";
    this.port = nodes.get(0).port;
    this.nodes = List.copyOf(nodes);
    this.replicas = List.copyOf(replicas);
    this.clusterDir = clusterDir;
  }

  /** A Redis the suite did not start (REDIS_URL): usable, never stopped or flushed. */
  public static TestRedis external(java.net.URI url) {
    return new TestRedis(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort());
  }

  /** True when the suite started this server (so it may stop, restart or pause it). */
  public boolean owned() {
    return process != null || isCluster();
  }

  /** True for a Redis Cluster ({@link #startCluster()}). */
  public boolean isCluster() {
    return !nodes.isEmpty();
  }

  /**
   * A cluster's masters, each a standalone {@code TestRedis} (its {@code client()} sees that node only,
   * redirects are errors); a single server is its own one node.
   */
  public List<TestRedis> nodes() {
    return isCluster() ? nodes : List.of(this);
  }

  /** A cluster's replicas ({@link #startClusterWithReplicas()}); none otherwise. */
  public List<TestRedis> replicas() {
    return replicas;
  }

  /** The replica of this cluster whose master is {@code master}. */
  public TestRedis replicaOf(TestRedis master) {
    for (TestRedis replica : replicas) {
      if (String.valueOf(replica.call("INFO", "replication")).lines().anyMatch(l -> l.trim().equals("master_port:" + master.port))) {
        return replica;
      }
    }
    throw new IllegalArgumentException("no replica of " + master.port + " among " + replicas.size());
  }

  /** What an app on this Redis needs besides {@code REDIS_URL}: the cluster mode for a cluster. */
  public Map<String, String> appEnv() {
    return isCluster() ? Map.of("REDWIRE_REDIS_TYPE", "cluster") : Map.of();
  }

  public static TestRedis start(String... extraArgs) {
    try {
      return new TestRedis(RedisProcess.start(0, List.of(extraArgs)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Redis 6.2 bundled with embedded-redis: the project's version floor. */
  public static TestRedis startBundled(String... extraArgs) {
    try {
      return new TestRedis(RedisProcess.start(RedisProcess.bundledBinary(), 0, List.of(extraArgs)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code redis://127.0.0.1:<port>}; for a cluster every master, in {@link #nodes()} order, comma-separated:
   * {@code redis://127.0.0.1:7001,redis://127.0.0.1:7002,redis://127.0.0.1:7003}.
   */
  public String url() {
    if (isCluster()) {
      return nodes.stream().map(TestRedis::url).collect(Collectors.joining(","));
    }
    return "redis://" + host + ":" + port;
  }

  public int port() {
    requireSingle("port()");
    return port;
  }

  /** A client of this server, or of the whole cluster (through its first node). */
  public RespClient client() {
    return isCluster() ? RespClient.cluster(host, port) : new RespClient(host, port);
  }

  /** One command on a fresh connection (on a cluster: routed to the node that serves its key). */
  public Object call(String... args) {
    try (RespClient c = client()) {
      return c.call(args);
    }
  }

  /** The command on each node, replies in {@link #nodes()} order: INFO, PUBSUB and the like are per node. */
  public List<Object> callOnEach(String... args) {
    List<Object> replies = new ArrayList<>();
    for (TestRedis node : nodes()) {
      try (RespClient c = new RespClient(node.host, node.port)) {
        replies.add(c.call(args));
      }
    }
    return replies;
  }

  public void stop() {
    requireSingle("stop()");
    requireOwned();
    process.stop();
  }

  public void restart() {
    requireSingle("restart()");
    requireOwned();
    try {
      process.stop();
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void startAgain() {
    requireSingle("startAgain()");
    requireOwned();
    try {
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void pause() throws IOException, InterruptedException {
    requireSingle("pause()");
    requireOwned();
    process.pause();
  }

  public void resume() throws IOException, InterruptedException {
    requireSingle("resume()");
    process.resume();
  }

  private void requireSingle(String what) {
    if (isCluster()) {
      throw new UnsupportedOperationException(what + " of a whole cluster is not supported yet: use nodes()");
    }
  }

  private void requireOwned() {
    if (process == null) {
      throw new IllegalStateException("not a redis-server this suite started");
    }
  }

  @Override
  public void close() {
    nodes.forEach(TestRedis::close);
    replicas.forEach(TestRedis::close);
    if (process != null) {
      process.close();
    }
    if (clusterDir != null) {
      deleteRecursively(clusterDir);
    }
  }

  /**
   * Three masters (redis-server 7+ from the PATH, cluster bus on ports of their own) that share the
   * 16384 slots, returned once every node reports {@code cluster_state:ok}.
   */
  public static TestRedis startCluster() {
    Assumptions.assumeTrue(onPath("redis-server") && onPath("redis-cli"),
        "a cluster needs redis-server 7+ and redis-cli on the PATH");
    try {
      return startCluster(RedisProcess.locateBinary(), true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Three masters as {@link #startCluster()}, each with one replica ({@link #replicas()}), in sync when it returns. */
  public static TestRedis startClusterWithReplicas() {
    Assumptions.assumeTrue(onPath("redis-server") && onPath("redis-cli"),
        "a cluster needs redis-server 7+ and redis-cli on the PATH");
    try {
      return startCluster(RedisProcess.locateBinary(), true, 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Three masters of the bundled Redis 6.2, the version floor, where Pub/Sub cannot be sharded. It takes no
   * {@code --cluster-port}, so each bus listens on its port + 10000; redis-cli 7 from the PATH builds it.
   */
  public static TestRedis startCluster62() {
    Assumptions.assumeTrue(onPath("redis-cli"), "building a cluster needs redis-cli on the PATH");
    try {
      return startCluster(RedisProcess.bundledBinary(), false, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TestRedis startCluster(Path binary, boolean ownBusPort, int replicasPerMaster) throws IOException {
    Path dir = Files.createTempDirectory("redwire-cluster-");
    List<TestRedis> nodes = new ArrayList<>();
    try {
      // the bus defaults to port + 10000, which may be taken or past 65535: a free port of its own where
      // the server can take one, else a port whose + 10000 is free too
      Set<Integer> taken = new HashSet<>();
      for (int i = 0; i < CLUSTER_MASTERS * (1 + replicasPerMaster); i++) {
        int port = ownBusPort ? freePort(taken) : portWithFreeBus(taken);
        List<String> args = new ArrayList<>(List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
            "--cluster-node-timeout", "2000",
            "--dir", dir.toString()));
        if (ownBusPort) {
          args.addAll(List.of("--cluster-port", String.valueOf(freePort(taken))));
        }
        nodes.add(new TestRedis(RedisProcess.start(binary, port, args)));
      }
      createCluster(nodes, replicasPerMaster);
      awaitClusterOk(nodes);
      // redis-cli picks which nodes become replicas: ask each
      List<TestRedis> masters = nodes.stream().filter(n -> !n.isReplica()).toList();
      List<TestRedis> replicas = nodes.stream().filter(TestRedis::isReplica).toList();
      for (TestRedis replica : replicas) {
        Awaitility.await("replica " + replica.port + " in sync").atMost(CLUSTER_READY_TIMEOUT)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> String.valueOf(replica.call("INFO", "replication")).contains("master_link_status:up"));
      }
      return new TestRedis(masters, replicas, dir);
    } catch (IOException | RuntimeException e) {
      nodes.forEach(TestRedis::close);
      deleteRecursively(dir);
      throw e;
    }
  }

  private static int portWithFreeBus(Set<Integer> taken) {
    while (true) {
      int port = freePort(taken);
      int bus = port + 10_000;
      if (bus <= 65_535 && !taken.contains(bus) && bindable(bus)) {
        taken.add(bus);
        return port;
      }
    }
  }

  private static boolean bindable(int port) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(Set<Integer> taken) {
    int port;
    do {
      port = RedisProcess.freePort();
    } while (!taken.add(port));
    return port;
  }

  private boolean isReplica() {
    return String.valueOf(call("INFO", "replication")).contains("role:slave");
  }

  private static void createCluster(List<TestRedis> nodes, int replicasPerMaster) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port));
    cmd.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
    Process cli = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      // redis-cli waits for the nodes to agree before it exits, a second or two
      if (!cli.waitFor(CLUSTER_READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        cli.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create did not finish in " + CLUSTER_READY_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (cli.exitValue() != 0) {
      throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
    }
  }

  private static void awaitClusterOk(List<TestRedis> nodes) {
    Awaitility.await("cluster_state:ok on every node")
        .atMost(CLUSTER_READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> nodes.stream().allMatch(n -> n.call("CLUSTER", "INFO").toString().contains("cluster_state:ok")));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
