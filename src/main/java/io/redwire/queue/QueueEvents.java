package io.redwire.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redwire.realtime.Publisher;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to jobs, as metrics (per queue) and, when {@code queues.events} is on, as messages on the
 * /ws channel {@code queue:<queue>}: {@code {"event": "completed|failed|retrying|progress", "jobId", ...}}.
 * Events are best effort: a publish that fails is logged, the job's outcome stands.
 */
final class QueueEvents {

  private static final Logger LOG = LoggerFactory.getLogger(QueueEvents.class);

  private final Publisher publisher;
  private final boolean publish;
  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> limited = new ConcurrentHashMap<>();

  QueueEvents(Publisher publisher, boolean publish, MeterRegistry meters) {
    this.publisher = publisher;
    this.publish = publish;
    this.meters = meters;
  }

  static String channel(String queue) {
    return "queue:" + queue;
  }

  void enqueued(String queue, long count) {
    if (count > 0) {
      counter(queue, "enqueued").increment(count);
    }
  }

  /** A take the queue's rate limit cut short or refused ({@code redwire_queue_rate_limited_total{queue}}). */
  void rateLimited(String queue) {
    limited.computeIfAbsent(queue, q -> Counter.builder("redwire_queue_rate_limited_total")
        .description("Takes of a queue's workers that its rate limit cut short or refused").tag("queue", q)
        .register(meters)).increment();
  }

  void completed(String queue, String id, long ranMs) {
    counter(queue, "completed").increment();
    duration(queue).record(Math.max(0, ranMs), TimeUnit.MILLISECONDS);
    if (publish) {
      send(queue, new JsonObject().put("event", "completed").put("jobId", id).put("durationMs", ranMs));
    }
  }

  void retrying(String queue, String id, String error, long delayMs) {
    counter(queue, "retried").increment();
    send(queue, new JsonObject().put("event", "retrying").put("jobId", id).put("error", error).put("delayMs", delayMs));
  }

  void failed(String queue, String id, String error, long ranMs) {
    counter(queue, "failed").increment();
    duration(queue).record(Math.max(0, ranMs), TimeUnit.MILLISECONDS);
    send(queue, new JsonObject().put("event", "failed").put("jobId", id).put("error", error));
  }

  void progress(String queue, String id, String progressJson) {
    send(queue, new JsonObject().put("event", "progress").put("jobId", id)
        .put("progress", io.vertx.core.json.Json.decodeValue(progressJson)));
  }

  private void send(String queue, JsonObject event) {
    if (!publish) {
      return;
    }
    publisher.publish(channel(queue), event.put("queue", queue).encode())
        .onFailure(err -> LOG.debug("queue event on {} not published: {}", channel(queue), err.toString()));
  }

  private Counter counter(String queue, String outcome) {
    return counters.computeIfAbsent(queue + '\n' + outcome, k -> Counter.builder("redwire_queue_jobs_total")
        .description("Jobs enqueued, completed, failed (for good) and retried, per queue")
        .tag("queue", queue).tag("outcome", outcome).register(meters));
  }

  private Timer duration(String queue) {
    return durations.computeIfAbsent(queue, q -> Timer.builder("redwire_queue_job_duration")
        .description("From a job's take to its ack or final failure").tag("queue", q).register(meters));
  }
}
