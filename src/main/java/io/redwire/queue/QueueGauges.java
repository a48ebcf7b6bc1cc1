package io.redwire.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue depth per state and the age of the job next in line, per queue, as of the reaper's last run on
 * this replica: {@code redwire_queue_depth{queue,state}} and {@code redwire_queue_next_job_age_seconds{queue}}
 * (with priorities, the job next in line is not always the oldest one waiting).
 */
final class QueueGauges {

  private static final String[] STATES = {"waiting", "delayed", "active", "completed", "failed"};

  private final MeterRegistry meters;
  private final Clock clock;
  private final Map<String, AtomicLong[]> queues = new ConcurrentHashMap<>();

  QueueGauges(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  void update(String queue, QueueService.Counts c) {
    AtomicLong[] values = queues.computeIfAbsent(queue, this::register);
    long[] now = {c.waiting(), c.delayed(), c.active(), c.completed(), c.failed(),
        c.nextCreatedAt() < 0 ? 0 : Math.max(0, clock.millis() - c.nextCreatedAt()) / 1000};
    for (int i = 0; i < now.length; i++) {
      values[i].set(now[i]);
    }
  }

  private AtomicLong[] register(String queue) {
    AtomicLong[] values = new AtomicLong[STATES.length + 1];
    for (int i = 0; i < values.length; i++) {
      values[i] = new AtomicLong();
    }
    for (int i = 0; i < STATES.length; i++) {
      Gauge.builder("redwire_queue_depth", values[i], AtomicLong::get).description("Jobs of a queue per state")
          .tag("queue", queue).tag("state", STATES[i]).register(meters);
    }
    Gauge.builder("redwire_queue_next_job_age_seconds", values[STATES.length], AtomicLong::get)
        .description("How long the job next in line has existed (0: none waits)").tag("queue", queue).register(meters);
    return values;
  }
}
