package io.redwire.queue;

import io.vertx.core.Future;

/**
 * A built-in handler bound to queues in config ({@code queues.handlers}). It runs on the worker's event
 * loop and must not block; success acks the job, a failure retries it with backoff (or fails it at once
 * when the failure is a {@link PermanentJobFailure}).
 */
interface JobHandler {

  /** @param payloadJson the job's payload, as JSON text */
  Future<Void> handle(String queue, String jobId, String payloadJson);
}
