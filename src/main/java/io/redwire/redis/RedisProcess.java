package io.redwire.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A private redis-server child process on a loopback port: {@code redis-server} from the PATH, else the
 * binary bundled by the embedded-redis dependency (Redis 6.2). Used by dev mode and by the test suite.
 * Every method blocks; call them from a worker thread, a test thread or a shutdown hook.
 */
public final class RedisProcess implements AutoCloseable {

  private static final String READY = "Ready to accept connections";

  private final Path binary;
  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private Process process;

  private RedisProcess(Path binary, int port, List<String> extraArgs) throws IOException {
    this.binary = binary;
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = Files.createTempDirectory("redwire-redis-");
  }

  /** Starts a server on {@code port} (0 = a free one) and returns once it accepts connections. */
  public static RedisProcess start(int port, List<String> extraArgs) throws IOException {
    return start(locateBinary(), port, extraArgs);
  }

  /** Starts the given binary (for example {@link #bundledBinary()}, Redis 6.2, to test the version floor). */
  public static RedisProcess start(Path binary, int port, List<String> extraArgs) throws IOException {
    RedisProcess p = new RedisProcess(binary, port == 0 ? freePort() : port, extraArgs);
    p.start();
    return p;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path binary() {
    return binary;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts (again) on the same port. */
  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--daemonize", "no",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "notice"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(READY)) {
        Thread drain = new Thread(() -> drain(out), "redis-" + port + "-output");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IOException("redis-server on port " + port + " exited before it was ready:\n" + seen);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s). */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server for good and deletes its working directory (a stopped one can start again). */
  @Override
  public synchronized void close() {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover empty directory in the temp dir is harmless
    }
  }

  /** Freezes the server without closing its sockets (SIGSTOP): commands hang instead of failing. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the server's log is not needed once it is ready; reading keeps its pipe from filling up
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** redis-server from the PATH, else the bundled binary. */
  public static Path locateBinary() throws IOException {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return bundledBinary();
  }

  /** The redis-server (6.2) bundled by the embedded-redis dependency, unpacked to a temp file. */
  public static Path bundledBinary() throws IOException {
    File bundled = ExecutableProvider.newJarResourceProvider().get();
    if (!bundled.canExecute() && !bundled.setExecutable(true)) {
      throw new IOException("Cannot make the bundled redis-server executable: " + bundled);
    }
    return bundled.toPath();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
