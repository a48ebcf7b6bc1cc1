package io.redwire.queue;

import io.redwire.config.AppConfig;
import io.redwire.domain.Conflict;
import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.PermanentJobFailure;
import io.redwire.redis.DedicatedRedis;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one queue's jobs through its built-in handler, on connections of its own. While jobs wait it takes
 * up to {@code batchSize} of them per script (atomically into active, with a lease); when none waits it
 * blocks on the queue's wake-up list (BLPOP on its dedicated client, at most {@code blockMs} or until the
 * next delayed job is due), so an idle queue costs no polling and no script. When the queue's rate limit
 * stops a take, a timer waits for the window to reopen. At most {@code concurrency} jobs run at once;
 * their leases are extended while they run. Scripts are pipelined on the client's connection
 * ({@link ScriptRunner#of}), and the acks of jobs that finish in one event-loop turn go in one script
 * ({@link AckBatcher}). Undeploying closes the client, aborting a blocked pop; jobs
 * still running then are not acked, their leases expire and the reaper delivers them again.
 */
final class QueueWorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(QueueWorkerVerticle.class);
  /** A blocked pop waits at least this long (BLPOP's timeout 0 would mean forever). */
  private static final long MIN_BLOCK_MS = 10;

  private final String queue;
  private final JobHandler handler;
  private final QueueService jobs;
  private final DedicatedRedis redis;
  private final AppConfig.Queues config;
  /** This queue's jobs running at once on this replica. */
  private final int concurrency;
  /** Running jobs' leases, to heartbeat them. */
  private final Map<String, String> running = new LinkedHashMap<>();
  private AckBatcher acks;
  private boolean stopped;
  private boolean takeInProgress;
  private boolean nextScheduled;
  private long heartbeatTimer = -1;
  private long retryTimer = -1;
  private long failures;

  QueueWorkerVerticle(String queue, JobHandler handler, QueueService jobs, DedicatedRedis redis,
      AppConfig.Queues config) {
    this.queue = queue;
    this.handler = handler;
    this.jobs = jobs.on(ScriptRunner.of(redis));
    this.redis = redis;
    this.config = config;
    this.concurrency = config.concurrencyOf(queue);
  }

  @Override
  public Future<?> start() {
    acks = new AckBatcher(context, jobs, queue);
    heartbeatTimer = vertx.setPeriodic(config.leaseMs() / 3, id -> heartbeat());
    next();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(retryTimer);
    return redis.close();
  }

  /** Takes more work when there is room and no take is in flight. */
  private void next() {
    if (stopped || takeInProgress) {
      return;
    }
    int room = concurrency - running.size();
    if (room <= 0) {
      return; // a finishing job calls next()
    }
    takeInProgress = true;
    jobs.take(queue, Math.min(room, config.batchSize()), config.leaseMs()).onComplete(ar -> {
      if (ar.failed()) {
        takeInProgress = false;
        retryLater(ar.cause());
        return;
      }
      failures = 0;
      QueueService.Take take = ar.result();
      take.jobs().forEach(this::run);
      if (!take.jobs().isEmpty()) {
        takeInProgress = false;
        next();
      } else if (take.paused()) {
        // a paused queue: look again after a block's time (resume also leaves a wake-up token)
        retryTimer = vertx.setTimer(config.blockMs(), id -> {
          takeInProgress = false;
          next();
        });
      } else if (take.limitedUntilMs() > 0) {
        // the rate limit: no enqueue can help before the window reopens, so no wake-up either
        retryTimer = vertx.setTimer(Math.max(MIN_BLOCK_MS, take.limitedUntilMs() - System.currentTimeMillis()), id -> {
          takeInProgress = false;
          next();
        });
      } else {
        block(take.nextDueMs());
      }
    });
  }

  private void block(long nextDueMs) {
    long waitMs = config.blockMs();
    if (nextDueMs > 0) {
      waitMs = Math.max(MIN_BLOCK_MS, Math.min(waitMs, nextDueMs - System.currentTimeMillis()));
    }
    Request pop = Request.cmd(Command.BLPOP).arg(jobs.wakeKey(queue)).arg(String.format("%.3f", waitMs / 1000.0));
    redis.blocking(pop, waitMs).onComplete(ar -> {
      if (ar.failed()) {
        takeInProgress = false;
        retryLater(ar.cause());
      } else if (ar.result() == null && !stopped && (nextDueMs <= 0 || System.currentTimeMillis() < nextDueMs)) {
        // nothing woke us and nothing is due: whatever makes jobs wait leaves a token (the reaper too), so
        // an idle worker runs no script, it just blocks again
        block(nextDueMs);
      } else {
        takeInProgress = false;
        next();
      }
    });
  }

  private void retryLater(Throwable err) {
    if (stopped || redis.isClosed()) {
      return;
    }
    failures++;
    long delay = Math.min(config.blockMs(), 100L << Math.min(failures, 6));
    LOG.warn("queue {} worker: {}; trying again in {} ms", queue, err.getMessage(), delay);
    retryTimer = vertx.setTimer(delay, id -> next());
  }

  private void run(QueueService.Taken job) {
    running.put(job.id(), job.lease());
    Future<Void> outcome;
    try {
      outcome = handler.handle(new Job(queue, job.id(), job.payload(), job.attempts()));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.compose(v -> acks.ack(job.id(), job.lease()), err -> jobs.fail(queue, job.id(), job.lease(),
            describe(err), !(err instanceof PermanentJobFailure)).mapEmpty())
        .onComplete(ar -> {
          running.remove(job.id());
          if (ar.failed() && !stopped) {
            if (ar.cause() instanceof Conflict) {
              LOG.warn("queue {} job {}: the lease expired before it finished; it is delivered again", queue, job.id());
            } else {
              LOG.warn("queue {} job {}: recording its outcome failed ({}); the reaper delivers it again",
                  queue, job.id(), ar.cause().getMessage());
            }
          }
          nextSoon();
        });
  }

  /**
   * next() once the jobs finishing in this turn are done: a batch of acks completes many jobs at once, and
   * taking after the first of them would take one job instead of the batch's room.
   */
  private void nextSoon() {
    if (!nextScheduled) {
      nextScheduled = true;
      context.runOnContext(v -> {
        nextScheduled = false;
        next();
      });
    }
  }

  private static String describe(Throwable err) {
    String message = err.getMessage();
    return message == null ? err.getClass().getSimpleName() : message;
  }

  private void heartbeat() {
    new LinkedHashMap<>(running).forEach((id, lease) -> jobs.heartbeat(queue, id, lease, config.leaseMs(), null)
        .onFailure(err -> LOG.debug("queue {} job {}: heartbeat failed: {}", queue, id, err.getMessage())));
  }
}
