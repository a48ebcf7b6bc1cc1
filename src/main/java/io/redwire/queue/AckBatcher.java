package io.redwire.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's acks, collected over one event-loop turn (at most {@link #MAX_PER_SCRIPT}) and sent as one
 * ack script: jobs that finish together (a take's worth of quick jobs) cost one round trip and one
 * script instead of one each. Each ack still succeeds or fails on its own ({@link io.redwire.domain.Conflict}
 * when its lease was lost). Used on the worker's context only.
 */
final class AckBatcher {

  /** Most acks one script carries (its keys and arguments grow with them). */
  static final int MAX_PER_SCRIPT = 1000;

  private record Pending(QueueService.Lease lease, Promise<Void> done) {}

  private final Context context;
  private final QueueService jobs;
  private final String queue;
  private List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  AckBatcher(Context context, QueueService jobs, String queue) {
    this.context = context;
    this.jobs = jobs;
    this.queue = queue;
  }

  Future<Void> ack(String id, String lease) {
    Promise<Void> done = Promise.promise();
    pending.add(new Pending(new QueueService.Lease(id, lease), done));
    if (pending.size() >= MAX_PER_SCRIPT) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      // after the jobs finishing in this turn have had their say
      context.runOnContext(v -> {
        flushScheduled = false;
        flush();
      });
    }
    return done.future();
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>();
    jobs.ack(queue, batch.stream().map(Pending::lease).toList()).onComplete(ar -> {
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (ar.failed()) {
          p.done().fail(ar.cause());
        } else if (ar.result().get(i)) {
          p.done().complete();
        } else {
          p.done().fail(QueueService.leaseConflict(queue, p.lease().id()));
        }
      }
    });
  }
}
