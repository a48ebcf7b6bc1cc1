package io.redwire.queue;

import io.redwire.domain.NotFound;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Repeatable jobs: a schedule per name in the queue's {@code :repeat} hash. The reaper (one replica at a
 * time per queue) calls {@link #fire} each run: a schedule whose latest occurrence is newer than the last
 * one enqueued gets a job with the id {@code repeat.<name>.<occurrence ms>}. The id makes the enqueue
 * idempotent, so replicas racing on one occurrence enqueue it once; the occurrence is recorded after the
 * enqueue, so a crash in between re-enqueues the same id (a no-op). After downtime the latest missed
 * occurrence runs once (not every missed one).
 */
final class RepeatService {

  private final SharedRedis redis;
  private final QueueKeys keys;
  private final QueueService jobs;
  private final Clock clock;

  RepeatService(SharedRedis redis, QueueKeys keys, QueueService jobs, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** @param spec {@code {"cron"} or {"everyMs"}} and {@code "payload"} (already valid) */
  Future<JsonObject> put(String queue, String name, JsonObject spec) {
    JsonObject stored = spec.copy().put("createdAt", clock.millis());
    return jobs.register(queue)
        .compose(v -> redis.send(Command.HSET, keys.repeats(queue), name, stored.encode()))
        .map(r -> view(queue, name, stored));
  }

  Future<JsonObject> get(String queue, String name) {
    return redis.send(Command.HGET, keys.repeats(queue), name).map(r -> {
      if (r == null) {
        throw new NotFound("No repeatable job " + name + " in queue " + queue);
      }
      return view(queue, name, new JsonObject(r.toString()));
    });
  }

  Future<Void> delete(String queue, String name) {
    return redis.send(Command.HDEL, keys.repeats(queue), name).compose(r -> {
      if (r.toLong() == 0) {
        throw new NotFound("No repeatable job " + name + " in queue " + queue);
      }
      return redis.send(Command.HDEL, keys.repeatsDone(queue), name);
    }).mapEmpty();
  }

  private JsonObject view(String queue, String name, JsonObject stored) {
    JsonObject view = new JsonObject().put("queue", queue).put("name", name);
    if (stored.containsKey("cron")) {
      view.put("cron", stored.getString("cron"));
    } else {
      view.put("everyMs", stored.getLong("everyMs"));
    }
    return view.put("payload", stored.getValue("payload"))
        .put("nextRunAt", RepeatSchedule.fromJson(stored).next(clock.millis()));
  }

  /** Enqueues every due occurrence not enqueued yet; returns how many. */
  Future<Integer> fire(String queue) {
    return redis.send(Command.HGETALL, keys.repeats(queue)).compose(specs -> {
      if (specs == null || specs.size() == 0) {
        return Future.succeededFuture(0);
      }
      return redis.send(Command.HGETALL, keys.repeatsDone(queue)).compose(done -> {
        Map<String, Long> last = toMap(done);
        long now = clock.millis();
        List<Future<Integer>> fired = new ArrayList<>();
        for (String name : specs.getKeys()) {
          JsonObject spec = new JsonObject(specs.get(name).toString());
          long occurrence = RepeatSchedule.fromJson(spec).latest(now);
          if (occurrence > 0 && occurrence > last.getOrDefault(name, -1L)) {
            QueueService.NewJob job = new QueueService.NewJob("repeat." + name + "." + occurrence, true,
                Json.encode(spec.getValue("payload")), 0, QueueRoutes.DEFAULT_MAX_ATTEMPTS,
                QueueRoutes.DEFAULT_BACKOFF_MS, 0, null);
            fired.add(jobs.enqueue(queue, List.of(job))
                .compose(e -> redis.send(Command.HSET, keys.repeatsDone(queue), name, String.valueOf(occurrence))
                    .map(r -> e.get(0).created() ? 1 : 0)));
          }
        }
        return Future.all(fired).map(all -> fired.stream().mapToInt(Future::result).sum());
      });
    });
  }

  private static Map<String, Long> toMap(Response hash) {
    Map<String, Long> m = new HashMap<>();
    if (hash != null) {
      for (String k : hash.getKeys()) {
        m.put(k, Long.parseLong(hash.get(k).toString()));
      }
    }
    return m;
  }
}
