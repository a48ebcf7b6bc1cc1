package io.redwire.queue;

import io.redwire.redis.DedicatedRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Long-polling reserves of one HTTP verticle (used on its event loop only). A reserve that finds nothing
 * waits in its queue's line; per queue one blocking pop (BLPOP of the wake-up list on the dedicated
 * reserve client, bounded by the earliest waiter's deadline and the next delayed job) wakes the line,
 * which then takes jobs for its waiters in arrival order. No polling: an idle line costs one blocked
 * connection per queue and event loop. While the queue's rate limit holds, the line waits on a timer for
 * the window to reopen instead (an enqueue could not help).
 */
final class Reservations {

  /** A blocked pop waits at least this long (BLPOP's timeout 0 would mean forever). */
  private static final long MIN_BLOCK_MS = 10;

  private record Waiter(int max, long leaseMs, long deadline, Promise<List<QueueService.Taken>> reply) {}

  private final QueueService jobs;
  private final DedicatedRedis blocking;
  private final long blockMs;
  private final Clock clock;
  private final Vertx vertx;
  private final Map<String, Deque<Waiter>> lines = new HashMap<>();
  private final Map<String, Long> nextDue = new HashMap<>();
  private final Map<String, Long> limitedUntil = new HashMap<>();

  Reservations(QueueService jobs, DedicatedRedis blocking, long blockMs, Clock clock, Vertx vertx) {
    this.jobs = jobs;
    this.blocking = blocking;
    this.blockMs = blockMs;
    this.clock = clock;
    this.vertx = vertx;
  }

  Future<List<QueueService.Taken>> reserve(String queue, int max, long waitMs, long leaseMs) {
    Deque<Waiter> line = lines.get(queue);
    if (line != null && !line.isEmpty()) {
      // others wait already: keep arrival order
      return enter(queue, new Waiter(max, leaseMs, clock.millis() + waitMs, Promise.promise()));
    }
    return jobs.take(queue, max, leaseMs).compose(take -> {
      if (!take.jobs().isEmpty() || waitMs == 0) {
        return Future.succeededFuture(take.jobs());
      }
      remember(queue, take);
      return enter(queue, new Waiter(max, leaseMs, clock.millis() + waitMs, Promise.promise()));
    });
  }

  private Future<List<QueueService.Taken>> enter(String queue, Waiter waiter) {
    Deque<Waiter> line = lines.computeIfAbsent(queue, q -> new ArrayDeque<>());
    boolean idle = line.isEmpty();
    line.add(waiter);
    if (idle) {
      block(queue);
    }
    return waiter.reply().future();
  }

  private void block(String queue) {
    Deque<Waiter> line = lines.get(queue);
    long now = clock.millis();
    while (!line.isEmpty() && line.peek().deadline() <= now) {
      line.poll().reply().complete(List.of());
    }
    if (line.isEmpty()) {
      lines.remove(queue);
      return;
    }
    long waitMs = Math.min(blockMs, line.stream().mapToLong(Waiter::deadline).min().orElse(now) - now);
    long due = nextDue.getOrDefault(queue, -1L);
    if (due > 0) {
      waitMs = Math.min(waitMs, due - now);
    }
    long limited = limitedUntil.getOrDefault(queue, -1L);
    if (limited > now) {
      vertx.setTimer(Math.max(MIN_BLOCK_MS, Math.min(waitMs, limited - now)), id -> serve(queue));
      return;
    }
    waitMs = Math.max(MIN_BLOCK_MS, waitMs);
    Request pop = Request.cmd(Command.BLPOP).arg(jobs.wakeKey(queue)).arg(String.format("%.3f", waitMs / 1000.0));
    blocking.blocking(pop, waitMs).onComplete(ar -> {
      if (ar.failed()) {
        failAll(queue, ar.cause());
      } else {
        serve(queue);
      }
    });
  }

  /** Takes jobs for the waiters in order until one finds nothing; then blocks again. */
  private void serve(String queue) {
    Deque<Waiter> line = lines.get(queue);
    if (line == null || line.isEmpty()) {
      lines.remove(queue);
      return;
    }
    Waiter head = line.peek();
    jobs.take(queue, head.max(), head.leaseMs()).onComplete(ar -> {
      if (ar.failed()) {
        failAll(queue, ar.cause());
        return;
      }
      QueueService.Take take = ar.result();
      remember(queue, take);
      if (take.jobs().isEmpty()) {
        block(queue);
      } else {
        line.poll().reply().complete(take.jobs());
        serve(queue);
      }
    });
  }

  private void remember(String queue, QueueService.Take take) {
    nextDue.put(queue, take.paused() ? -1L : take.nextDueMs());
    limitedUntil.put(queue, take.paused() ? -1L : take.limitedUntilMs());
  }

  private void failAll(String queue, Throwable err) {
    Deque<Waiter> line = lines.remove(queue);
    if (line != null) {
      line.forEach(w -> w.reply().fail(err));
    }
  }
}
