package io.redwire.queue;

import io.redwire.redis.SharedRedis;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code reapIntervalMs}, for each queue ever written to: takes the queue's reaper lock (SET NX PX,
 * one replica per interval) and runs the reap script, which returns jobs whose lease expired to waiting
 * (or failed, with attempts used up) and moves due delayed jobs to waiting; then enqueues the due occurrences
 * of the queue's repeatable jobs ({@link RepeatService}). Each run also refreshes this replica's
 * {@link QueueGauges}.
 */
final class QueueReaperVerticle extends AbstractVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(QueueReaperVerticle.class);

  private final QueueService jobs;
  private final RepeatService repeats;
  private final QueueGauges gauges;
  private final SharedRedis redis;
  private final long intervalMs;
  private final String replica = UUID.randomUUID().toString();
  private long timer = -1;
  private boolean running;

  QueueReaperVerticle(QueueService jobs, RepeatService repeats, QueueGauges gauges, SharedRedis redis,
      long intervalMs) {
    this.jobs = jobs;
    this.repeats = repeats;
    this.gauges = gauges;
    this.redis = redis;
    this.intervalMs = intervalMs;
  }

  @Override
  public void start() {
    timer = vertx.setPeriodic(intervalMs, id -> tick());
  }

  @Override
  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    jobs.queues().compose(queues -> Future.join(queues.stream().map(this::reap).toList()))
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.debug("queue reaper: {}", ar.cause().getMessage());
          }
        });
  }

  private Future<Void> reap(String queue) {
    // every replica keeps its gauges current; the moves need the lock
    Future<Void> measured = jobs.counts(queue).map(c -> {
      gauges.update(queue, c);
      return null;
    });
    return measured.compose(ignored -> redis.send(Command.SET, jobs.reaperLockKey(queue), replica, "NX", "PX", intervalMs)
        .compose(locked -> locked == null ? Future.succeededFuture() : jobs.reap(queue).map(moved -> {
          if (moved[0] + moved[1] > 0) {
            LOG.info("queue {}: {} jobs whose lease expired went back to waiting, {} failed (attempts used up)",
                queue, moved[0], moved[1]);
          }
          return null;
        }).compose(v -> repeats.fire(queue)).mapEmpty()));
  }
}
