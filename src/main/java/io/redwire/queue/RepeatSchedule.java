package io.redwire.queue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * When a repeatable job runs: a 5-field UNIX cron expression (UTC, parsed by cron-utils) or a fixed
 * interval counted from the schedule's creation. Occurrences are instants in ms.
 */
final class RepeatSchedule {

  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String cron;
  private final long everyMs;
  private final long createdAt;
  private final ExecutionTime executions;

  private RepeatSchedule(String cron, long everyMs, long createdAt) {
    this.cron = cron;
    this.everyMs = everyMs;
    this.createdAt = createdAt;
    this.executions = cron == null ? null : ExecutionTime.forCron(CRON.parse(cron).validate());
  }

  /** @throws IllegalArgumentException when the cron expression is not valid */
  static RepeatSchedule cron(String expression, long createdAt) {
    return new RepeatSchedule(expression, 0, createdAt);
  }

  static RepeatSchedule every(long everyMs, long createdAt) {
    return new RepeatSchedule(null, everyMs, createdAt);
  }

  static RepeatSchedule fromJson(JsonObject spec) {
    return spec.containsKey("cron") ? cron(spec.getString("cron"), spec.getLong("createdAt"))
        : every(spec.getLong("everyMs"), spec.getLong("createdAt"));
  }

  /** The latest occurrence at or before {@code nowMs} and after the creation, or -1. */
  long latest(long nowMs) {
    if (cron == null) {
      long n = (nowMs - createdAt) / everyMs;
      return n < 1 ? -1 : createdAt + n * everyMs;
    }
    ZonedDateTime now = Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC);
    // an occurrence at exactly now counts: look from just after it
    return executions.lastExecution(now.plusNanos(1_000_000)).map(t -> t.toInstant().toEpochMilli())
        .filter(t -> t > createdAt).orElse(-1L);
  }

  /** The first occurrence after {@code nowMs}, or -1. */
  long next(long nowMs) {
    if (cron == null) {
      long n = Math.max(0, (nowMs - createdAt) / everyMs) + 1;
      return createdAt + n * everyMs;
    }
    return executions.nextExecution(Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC))
        .map(t -> t.toInstant().toEpochMilli()).orElse(-1L);
  }
}
