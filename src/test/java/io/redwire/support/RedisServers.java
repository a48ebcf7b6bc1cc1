package io.redwire.support;

/**
 * Starts more redis-servers, independent of the class's Redis and always private (the test may stop
 * them): Redlock nodes, a cache endpoint. Stopped by the {@link RedisExtension} like {@link TestApps}' apps.
 */
public final class RedisServers {

  private final Closer closer;

  RedisServers(Closer closer) {
    this.closer = closer;
  }

  /** A private redis-server from the PATH, else the bundled one. */
  public TestRedis start() {
    return closer.add(TestRedis.start());
  }
}
