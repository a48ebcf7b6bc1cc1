package io.redwire.support;

import io.redwire.redis.RedisProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * One master, one replica and one sentinel (quorum 1, a short down-after time) on free loopback ports,
 * all started and stopped by the test: what a Sentinel deployment looks like to redwire, small enough
 * for a fault test that kills the master and waits for the sentinel to promote the replica.
 */
public final class SentinelSet implements AutoCloseable {

  public static final String MASTER_NAME = "redwire-master";
  /** A master that has not answered for this long is down for the sentinel. */
  static final int DOWN_AFTER_MS = 1000;

  private final TestRedis master;
  private final TestRedis replica;
  private final Process sentinel;
  private final int sentinelPort;
  private final Path dir;

  private SentinelSet(TestRedis master, TestRedis replica, Process sentinel, int sentinelPort, Path dir) {
    this.master = master;
    this.replica = replica;
    this.sentinel = sentinel;
    this.sentinelPort = sentinelPort;
    this.dir = dir;
  }

  public static SentinelSet start() {
    Assumptions.assumeTrue(onPath("redis-server"), "a sentinel set needs redis-server on the PATH");
    TestRedis master = TestRedis.start();
    TestRedis replica = null;
    try {
      replica = TestRedis.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
      TestRedis started = replica;
      Awaitility.await("the replica is in sync").atMost(Duration.ofSeconds(20))
          .until(() -> String.valueOf(started.call("INFO", "replication")).contains("master_link_status:up"));
      Path dir = Files.createTempDirectory("redwire-sentinel-");
      int port = RedisProcess.freePort();
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "dir " + dir,
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
          "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
          "sentinel failover-timeout " + MASTER_NAME + " 5000",
          ""));
      Process sentinel = new ProcessBuilder(RedisProcess.locateBinary().toString(), conf.toString(), "--sentinel")
          .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
      SentinelSet set = new SentinelSet(master, replica, sentinel, port, dir);
      Awaitility.await("the sentinel knows the master").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> set.masterPort() == master.port());
      return set;
    } catch (IOException e) {
      master.close();
      if (replica != null) {
        replica.close();
      }
      throw new UncheckedIOException(e);
    }
  }

  /** The sentinel's URL: what redwire gets as REDIS_URL in sentinel mode. */
  public String sentinelUrl() {
    return "redis://127.0.0.1:" + sentinelPort;
  }

  /** What a redwire app on this set needs besides the test defaults. */
  public java.util.Map<String, String> appEnv() {
    return java.util.Map.of("REDIS_URL", sentinelUrl(), "REDWIRE_REDIS_TYPE", "sentinel",
        "REDWIRE_REDIS_MASTER_NAME", MASTER_NAME);
  }

  public TestRedis master() {
    return master;
  }

  public TestRedis replica() {
    return replica;
  }

  /** The port of the node the sentinel currently calls master. */
  public int masterPort() {
    try (RespClient client = new RespClient("127.0.0.1", sentinelPort)) {
      List<?> addr = (List<?>) client.call("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
      return Integer.parseInt(String.valueOf(addr.get(1)));
    }
  }

  @Override
  public void close() {
    sentinel.destroy();
    try {
      if (!sentinel.waitFor(5, TimeUnit.SECONDS)) {
        sentinel.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    replica.close();
    master.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
