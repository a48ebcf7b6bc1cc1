package io.redwire.realtime;

import io.vertx.core.Future;

/**
 * Publishes to a /ws channel as {@code POST /api/v1/notifications} does (durable channels keep their
 * history), for other capabilities: the queues' notifications handler and job events.
 */
@FunctionalInterface
public interface Publisher {

  /**
   * @param channel a /ws channel name, e.g. {@code news:general}, {@code user:42}, {@code queue:emails}
   * @param payloadJson the payload, already valid JSON text
   * @return the subscribers Redis counted
   */
  Future<Long> publish(String channel, String payloadJson);
}
