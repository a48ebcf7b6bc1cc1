package io.redwire.redis;

import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.RedisSentinelConnection;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection inside the sentinel client's failover wrapper. Sending on it skips the wrapper's pooled
 * layer (a metrics reporter built per command) and lets {@link WriteCoalescing} reach its socket, so a lane
 * on sentinel costs what a standalone lane costs. Following a failover does not depend on the wrapper:
 * it closes the old connection when it switches, which ends the lane's connection and makes it reconnect
 * through the sentinels. The Vert.x Redis client (5.0.x) has no accessor, so the field is read by
 * reflection; when that fails the wrapper itself is used (logged once).
 */
final class SentinelConnections {

  private static final Logger LOG = LoggerFactory.getLogger(SentinelConnections.class);
  private static final Field DELEGATE = delegateField();
  private static volatile boolean warned;

  private SentinelConnections() {}

  /** The sentinel wrapper's current connection, or {@code conn} itself when it is not one. */
  static RedisConnection delegate(RedisConnection conn) {
    if (!(conn instanceof RedisSentinelConnection) || DELEGATE == null) {
      return conn;
    }
    try {
      Object current = ((AtomicReference<?>) DELEGATE.get(conn)).get();
      return current instanceof RedisConnection c ? c : conn;
    } catch (ReflectiveOperationException | RuntimeException e) {
      warnOnce(e.toString());
      return conn;
    }
  }

  private static Field delegateField() {
    try {
      Field f = RedisSentinelConnection.class.getDeclaredField("connection");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      warnOnce(e.toString());
      return null;
    }
  }

  private static void warnOnce(String why) {
    if (!warned) {
      warned = true;
      LOG.warn("sentinel lanes send through the client's failover wrapper (could not reach its connection: {})", why);
    }
  }
}
