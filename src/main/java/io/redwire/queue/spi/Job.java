package io.redwire.queue.spi;

import io.vertx.core.json.Json;

/**
 * A job handed to a {@link JobHandler}.
 *
 * @param queue the queue it was enqueued on
 * @param id its id, the same on every attempt (the key for an idempotent effect)
 * @param payloadJson its payload as enqueued, JSON text
 * @param attempts which attempt this is, from 1 (a delivery after a dead replica's lease counts too)
 */
public record Job(String queue, String id, String payloadJson, long attempts) {

  /** The payload decoded: a JsonObject, JsonArray, String, Number, Boolean or null. */
  public Object payload() {
    return Json.decodeValue(payloadJson);
  }
}
