package io.redwire.queue.spi;

import io.vertx.core.Vertx;
import java.util.Map;

/**
 * What a provided handler gets when it is made for a queue.
 *
 * @param vertx the server's Vert.x, for clients and timers (a handler creates its own, and closes them)
 * @param queue the queue this handler serves
 * @param name the handler's name ({@link JobHandlerProvider#name()})
 * @param settings its own settings: the {@code name.key=value} entries of {@code REDWIRE_QUEUE_HANDLER_SETTINGS}
 *     ({@code queues.handlerSettings}) for this name, keyed by {@code key}
 * @param concurrency how many of the queue's jobs may run at once on this replica
 *     ({@code REDWIRE_QUEUE_CONCURRENCY}), to size a connection pool
 */
public record HandlerContext(Vertx vertx, String queue, String name, Map<String, String> settings, int concurrency) {

  public HandlerContext {
    settings = Map.copyOf(settings);
  }

  /** A setting, or {@code fallback} when it is not configured. */
  public String setting(String key, String fallback) {
    return settings.getOrDefault(key, fallback);
  }
}
