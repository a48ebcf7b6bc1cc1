package io.redwire.redis;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisClusterConnection;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a pipelined connection send the commands of one event-loop turn in one write. The client
 * flushes every command on its own, so N requests arriving together cost N send() calls; with Netty's
 * flush consolidation they cost one, flushed when the event loop has handled the sockets that were ready.
 *
 * <p>The Vert.x Redis client (5.0.x) has no option for this, so the Netty pipeline is reached through
 * its connection internals. When they change, the connection simply keeps flushing per command (logged once).
 */
final class WriteCoalescing {

  private static final Logger LOG = LoggerFactory.getLogger(WriteCoalescing.class);
  private static final String HANDLER_NAME = "redwire-flush-coalescing";
  /** Flush anyway after this many commands in one turn, so a huge burst does not sit in memory. */
  private static final int MAX_COMMANDS_PER_FLUSH = 256;
  private static volatile boolean warned;

  private WriteCoalescing() {}

  /**
   * Installs flush consolidation on the connection's channel, or warns once that it could not. A cluster
   * connection gets it on each of its node connections (those it holds now).
   */
  static void install(RedisConnection connection) {
    if (connection instanceof RedisClusterConnection cluster) {
      nodeConnections(cluster).forEach(WriteCoalescing::install);
      return;
    }
    try {
      RedisConnection actual = connection instanceof PooledRedisConnection pooled ? pooled.actual() : connection;
      Field socketField = actual.getClass().getDeclaredField("netSocket");
      socketField.setAccessible(true);
      if (!(socketField.get(actual) instanceof NetSocketInternal socket)) {
        unsupported("the connection's socket is not a NetSocketInternal");
        return;
      }
      ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
      if (pipeline.get(HANDLER_NAME) == null) {
        pipeline.addFirst(HANDLER_NAME, new FlushConsolidationHandler(MAX_COMMANDS_PER_FLUSH, true));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static Collection<RedisConnection> nodeConnections(RedisClusterConnection cluster) {
    try {
      Field field = RedisClusterConnection.class.getDeclaredField("connections");
      field.setAccessible(true);
      return List.copyOf(((Map<String, ? extends RedisConnection>) field.get(cluster)).values());
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e.toString());
      return List.of();
    }
  }

  private static void unsupported(String why) {
    if (!warned) {
      warned = true;
      LOG.warn("Redis writes are flushed per command (could not coalesce them: {})", why);
    }
  }
}
