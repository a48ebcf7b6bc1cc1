package io.redwire.queue;

import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A provided handler as the worker runs it: what it throws or a null future is the job's failure, and its
 * outcome comes back on the worker's context even when the handler completes it on another thread (the
 * worker's bookkeeping is not thread-safe).
 */
final class ProvidedHandler implements JobHandler {

  private final String name;
  private final JobHandler handler;

  ProvidedHandler(String name, JobHandler handler) {
    this.name = name;
    this.handler = handler;
  }

  @Override
  public Future<Void> handle(Job job) {
    Context worker = Vertx.currentContext();
    Future<Void> outcome;
    try {
      outcome = handler.handle(job);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (outcome == null) {
      return Future.failedFuture(new IllegalStateException("handler " + name + " returned no future"));
    }
    Promise<Void> onWorker = Promise.promise();
    outcome.onComplete(ar -> {
      if (worker == null || Vertx.currentContext() == worker) {
        onWorker.handle(ar);
      } else {
        worker.runOnContext(v -> onWorker.handle(ar));
      }
    });
    return onWorker.future();
  }

  @Override
  public Future<Void> close() {
    try {
      Future<Void> closing = handler.close();
      return closing == null ? Future.succeededFuture() : closing;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
