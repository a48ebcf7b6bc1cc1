package io.redwire.queue.spi;

import io.vertx.core.Future;

/**
 * Runs a queue's jobs. Built-in handlers and those of {@link JobHandlerProvider}s implement it alike.
 *
 * <p>{@link #handle} is called on the worker's event loop, up to {@code REDWIRE_QUEUE_CONCURRENCY} jobs at
 * a time, and must not block it (run blocking work with {@code vertx.executeBlocking}). A succeeded future
 * completes the job; a failed one retries it after a backoff until its attempts run out, then the job is
 * failed with the failure's message as {@code lastError}; a {@link PermanentJobFailure} fails it at once.
 * Delivery is at least once: a job whose replica died mid-run runs again elsewhere, so make its effect
 * idempotent (keyed by {@link Job#id()}, which stays the same across attempts).
 */
@FunctionalInterface
public interface JobHandler {

  Future<Void> handle(Job job);

  /** Releases what the handler holds (clients, timers); called once when the server stops. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
