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

  private TestRedis(RedisProcess process) {
    this.process = process;
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
    return process.url();
  }

  public int port() {
    return process.port();
  }

  public RespClient client() {
    return new RespClient(process.port());
  }

  /** One command on a fresh connection. */
  public Object call(String... args) {
    try (RespClient c = client()) {
      return c.call(args);
    }
  }

  public void stop() {
    process.stop();
  }

  public void restart() {
    try {
      process.stop();
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void startAgain() {
    try {
      process.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void pause() throws IOException, InterruptedException {
    process.pause();
  }

  public void resume() throws IOException, InterruptedException {
    process.resume();
  }

  @Override
  public void close() {
    process.stop();
  }
}
