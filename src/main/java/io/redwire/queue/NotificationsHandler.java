package io.redwire.queue;

import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.redwire.realtime.Publisher;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Payload {@code {"channel" | "userId", "payload"}}: publishes like {@code POST /api/v1/notifications}, to a
 * broadcast channel or to {@code user:<userId>} (checked at enqueue by {@link JobPayloads}).
 */
final class NotificationsHandler implements JobHandler {

  private final Publisher publisher;

  NotificationsHandler(Publisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public Future<Void> handle(Job job) {
    JsonObject payload = new JsonObject(job.payloadJson());
    String channel = payload.containsKey("channel") ? payload.getString("channel") : "user:" + payload.getString("userId");
    return publisher.publish(channel, Json.encode(payload.getValue("payload"))).mapEmpty();
  }
}
