package io.redwire.support;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A redis-server in a container of the {@link LocalRedisImage}, never pulled. What a process cannot
 * give a test: {@link #pause()} freezes the whole container (a hung Redis whose sockets stay open,
 * not a dead one), and the port mapping puts Docker's proxy between the server and Redis.
 *
 * <p>Create one with {@link #mapped} or {@link #onHostNetwork}, then {@code start()}; {@code close()}
 * removes it. Callers skip without Docker ({@code @Testcontainers(disabledWithoutDocker = true)}).
 */
public final class RedisContainer extends GenericContainer<RedisContainer> {

  private static final int REDIS_PORT = 6379;
  // the server reaches it through Docker's network, which protected mode would refuse; no persistence
  private static final List<String> SERVER_ARGS = List.of("--protected-mode", "no", "--save", "", "--appendonly", "no");

  private final int hostPort;

  private RedisContainer(int hostPort, List<String> args) {
    super(LocalRedisImage.get());
    this.hostPort = hostPort;
    // no registry is reachable, and the image is built locally: never try to pull it
    withImagePullPolicy(image -> false);
    List<String> command = new ArrayList<>(SERVER_ARGS);
    command.addAll(args);
    withCommand(command.toArray(String[]::new));
    // the image has no shell for Testcontainers' port probe: Redis's own log line says it serves
    waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
  }

  /** Redis on 6379 inside the container, mapped to a free port of this host. */
  public static RedisContainer mapped(String... args) {
    return new RedisContainer(0, List.of(args)).withExposedPorts(REDIS_PORT);
  }

  /**
   * Redis on the host's own network at {@code 127.0.0.1:port}: cluster nodes announce the address they
   * listen on, and the server and the other nodes must reach each other by it.
   */
  public static RedisContainer onHostNetwork(int port, String... args) {
    List<String> all = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port)));
    all.addAll(List.of(args));
    return new RedisContainer(port, all).withNetworkMode("host");
  }

  /** The port this host reaches Redis on. */
  public int port() {
    return hostPort == 0 ? getMappedPort(REDIS_PORT) : hostPort;
  }

  public String url() {
    return "redis://" + (hostPort == 0 ? getHost() : "127.0.0.1") + ":" + port();
  }

  /** A client that talks to this Redis directly, independent of the server under test. */
  public RespClient client() {
    return new RespClient(hostPort == 0 ? getHost() : "127.0.0.1", port());
  }

  /** {@code docker pause}: every process in the container is frozen; connections stay open, nothing answers. */
  public void pause() {
    getDockerClient().pauseContainerCmd(getContainerId()).exec();
  }

  public void unpause() {
    getDockerClient().unpauseContainerCmd(getContainerId()).exec();
  }
}
