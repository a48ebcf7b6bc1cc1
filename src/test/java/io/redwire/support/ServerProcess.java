package io.redwire.support;

import io.redwire.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A redwire server in a JVM process of its own ({@code java -cp <the test classpath> io.redwire.Main}),
 * for faults an in-JVM {@link TestApp} cannot show: {@link #kill()} is SIGKILL, so nothing of the
 * server's shutdown runs (no drain, no lease handed back, no XACK). Its output goes to a log file under
 * {@code target/}, whose tail a failed start reports.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final ApiClient http;
  private final Path log;

  private ServerProcess(Process process, ApiClient http, Path log) {
    this.process = process;
    this.http = http;
    this.log = log;
  }

  /**
   * Starts a server on {@code redis} with the test defaults of {@link TestApp#env}, the topology's
   * settings and then {@code env} (give it {@code REDWIRE_KEY_PREFIX} of a {@link TestApp} to share its
   * keys), and waits until it is ready.
   */
  public static ServerProcess start(TestRedis redis, Map<String, String> env) {
    int port = freePort();
    Map<String, String> all = new HashMap<>(redis.appEnv());
    all.putAll(env);
    all.put("HTTP_PORT", String.valueOf(port));
    Map<String, String> settings = TestApp.env(redis.url(), all);
    try {
      Path dir = Files.createDirectories(Path.of("target", "server-processes"));
      Path log = Files.createTempFile(dir, "redwire-", ".log");
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp",
          System.getProperty("java.class.path"), Main.class.getName()))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(settings);
      ServerProcess server = new ServerProcess(builder.start(), new ApiClient("http://127.0.0.1:" + port), log);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ApiClient http() {
    return http;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redwire process " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void awaitReady() {
    try {
      Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreException(UncheckedIOException.class)
          .until(this::ready);
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException("redwire process not ready after " + START_TIMEOUT + ":\n" + logTail());
    }
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("redwire process exited with " + process.exitValue() + ":\n" + logTail());
    }
    return http.get("/health/ready", null).status() == 200;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
