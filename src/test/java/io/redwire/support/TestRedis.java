package io.redwire.support;

import io.redwire.redis.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A redis-server the test started itself on a free loopback port (from the PATH, else the bundled
 * binary). Tests may stop, restart, pause and flush it: nobody else uses it.
 */
public final class TestRedis implements AutoCloseable {

  private final RedisProcess process;
  private final String host;
  private final int port;

  private TestRedis(RedisProcess process) {
    this.process = process;
    this.host = "127.0.0.1";
    this.port = process.port();
  }

  private TestRedis(String host, int port) {
    this.process = null;
    this.host = host;
    this.port = port;
  }

  /** A Redis the suite did not start (REDIS_URL): usable, never stopped or flushed. */
  public static TestRedis external(java.net.URI url) {
    return new TestRedis(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort());
  }

  /** True when the suite started this server (so it may stop, restart or pause it). */
  public boolean owned() {
    return process != null;
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

  public String url() {
    return "redis://" + host + ":" + port;
  }

  public int port() {
    return port;
  }

  public RespClient client() {
    return new RespClient(host, port);
  }

  /** One command on a fresh connection. */
  public Object call(String... args) {
    try (RespClient c = client()) {
      return c.call(args);
    }
  }

  public void stop() {
    requireOwned();
    process.stop();
  }

  public void restart() {
    requireOwned();
    try {
      process.stop();
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void startAgain() {
    requireOwned();
    try {
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void pause() throws IOException, InterruptedException {
    requireOwned();
    process.pause();
  }

  public void resume() throws IOException, InterruptedException {
    process.resume();
  }

  private void requireOwned() {
    if (process == null) {
      throw new IllegalStateException("not a redis-server this suite started");
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop();
    }
  }
}
