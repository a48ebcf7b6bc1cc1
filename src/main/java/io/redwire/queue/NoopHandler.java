package io.redwire.queue;

import io.vertx.core.Future;

/** Completes every job at once (benchmarks and smoke tests). */
final class NoopHandler implements JobHandler {
  @Override
  public Future<Void> handle(String queue, String jobId, String payloadJson) {
    return Future.succeededFuture();
  }
}
