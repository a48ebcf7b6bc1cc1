package io.redwire.queue;

import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.vertx.core.Future;

/** Completes every job at once (benchmarks and smoke tests). */
final class NoopHandler implements JobHandler {
  @Override
  public Future<Void> handle(Job job) {
    return Future.succeededFuture();
  }
}
