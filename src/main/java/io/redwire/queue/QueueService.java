package io.redwire.queue;

import io.redwire.config.AppConfig;
import io.redwire.domain.Conflict;
import io.redwire.domain.NotFound;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A queue's operations, each one script on the queue's slot: enqueue, take (delayed to waiting, waiting to
 * active with a lease, round-robin over job groups, within the queue's limits), ack, fail (retry with backoff
 * or failed), heartbeat, reap, and the controls. Events of finished, retried and progressing jobs go to
 * {@link QueueEvents}. Times are this replica's clock.
 */
final class QueueService {

  /** A job to enqueue, already validated. {@code given}: the id is the client's (idempotent); group may be null. */
  record NewJob(String id, boolean given, String payloadJson, long delayMs, int maxAttempts, long backoffMs,
      int priority, String group) {}

  record Enqueued(String id, boolean created, String state) {}

  /**
   * waiting counts grouped jobs too; nextCreatedAt: when the oldest job next in line was created (-1: none
   * waits); groups: how many groups have waiting jobs.
   */
  record Counts(boolean paused, long waiting, long delayed, long active, long completed, long failed,
      long nextCreatedAt, long groups) {}

  /** A job record as stored; payload and progress are JSON text (progress and group may be null). */
  record Job(String id, String state, long attempts, long maxAttempts, long priority, String payload,
      String lastError, String progress, Long createdAt, Long finishedAt, String group) {}

  record Page(List<Job> jobs, Long nextOffset) {}

  /** A job taken into active: its lease token proves the holder. */
  record Taken(String id, String payload, long attempts, String lease) {}

  /** An active job and the lease token its holder got, to ack it. */
  record Lease(String id, String lease) {}

  /**
   * What a take found: paused; when a job may become takeable without an enqueue (a delayed job due or a
   * rate-limited group reopening; -1: none); when the queue's rate window reopens if its limit cut the take
   * short (-1: it did not; nothing is worth taking before then); the jobs taken.
   */
  record Take(boolean paused, long nextDueMs, long limitedUntilMs, List<Taken> jobs) {}

  /** A failure's outcome: retrying after delayMs, or failed for good. */
  record Failure(boolean retrying, long delayMs) {}

  static final Set<String> STATES = Set.of("waiting", "delayed", "active", "completed", "failed");
  private static final SecureRandom TOKENS = new SecureRandom();
  /** Delayed jobs one take moves to waiting (the reaper moves the rest). */
  private static final int PROMOTE_PER_TAKE = 100;
  /** Jobs one reaper run moves per queue. */
  private static final int REAP_PER_RUN = 1000;
  /** Failed jobs one retry-all script moves; the call repeats until none is left. */
  static final int RETRY_PER_SCRIPT = 1000;

  private final ScriptRunner redis;
  private final SharedRedis registryRedis;
  private final QueueKeys keys;
  private final QueueScripts scripts;
  private final AppConfig.Queues config;
  private final Clock clock;
  private final QueueEvents events;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Map<String, QueueLimits> configuredLimits = new ConcurrentHashMap<>();

  QueueService(ScriptRunner redis, SharedRedis registryRedis, QueueKeys keys, QueueScripts scripts,
      AppConfig.Queues config, Clock clock, QueueEvents events) {
    this.redis = redis;
    this.registryRedis = registryRedis;
    this.keys = keys;
    this.scripts = scripts;
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  /** The same operations on another connection (a worker's dedicated client), sharing the rest. */
  QueueService on(ScriptRunner other) {
    return new QueueService(other, registryRedis, keys, scripts, config, clock, events);
  }

  QueueEvents events() {
    return events;
  }

  static String newJobId() {
    byte[] bytes = new byte[15];
    TOKENS.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The wake-up list lives as long as the longest block plus a margin; a lost token only costs one block. */
  private String wakeTtl() {
    return String.valueOf(config.blockMs() * 4 + config.maxLeaseMs());
  }

  Future<List<Enqueued>> enqueue(String queue, List<NewJob> jobs) {
    List<String> args = new ArrayList<>(4 + jobs.size() * 8);
    args.add(keys.jobPrefix(queue));
    args.add(String.valueOf(clock.millis()));
    args.add(wakeTtl());
    args.add(keys.groupPrefix(queue));
    for (NewJob j : jobs) {
      args.add(j.id());
      args.add(j.given() ? "1" : "0");
      args.add(j.payloadJson());
      args.add(String.valueOf(j.delayMs()));
      args.add(String.valueOf(j.maxAttempts()));
      args.add(String.valueOf(j.backoffMs()));
      args.add(String.valueOf(j.priority()));
      args.add(j.group() == null ? "" : j.group());
    }
    return register(queue).compose(v -> redis.eval(scripts.enqueue(),
            List.of(keys.waiting(queue), keys.delayed(queue), keys.sequence(queue), keys.wake(queue),
                keys.groupRing(queue), keys.groupsMaxed(queue), keys.groupsLimited(queue), keys.groupNames(queue),
                keys.grouped(queue)), args))
        .map(r -> {
          List<Enqueued> out = new ArrayList<>(jobs.size());
          for (int i = 0; i + 2 < r.size(); i += 3) {
            out.add(new Enqueued(r.get(i).toString(), r.get(i + 1).toLong() == 1, r.get(i + 2).toString()));
          }
          events.enqueued(queue, out.stream().filter(Enqueued::created).count());
          return out;
        });
  }

  /** Remembers the queue's name (once per replica), so every replica's reaper finds it. */
  Future<Void> register(String queue) {
    if (registered.contains(queue)) {
      return Future.succeededFuture();
    }
    return registryRedis.send(Command.SADD, keys.registry(), queue).map(r -> {
      registered.add(queue);
      return null;
    });
  }

  Future<List<String>> queues() {
    return registryRedis.send(Command.SMEMBERS, keys.registry()).map(r -> {
      List<String> names = new ArrayList<>(r.size());
      r.forEach(n -> names.add(n.toString()));
      return names;
    });
  }

  Future<Counts> counts(String queue) {
    return redis.eval(scripts.counts(), List.of(keys.waiting(queue), keys.delayed(queue), keys.active(queue),
            keys.completed(queue), keys.failed(queue), keys.paused(queue), keys.grouped(queue),
            keys.groupNames(queue), keys.groupRing(queue)), List.of(keys.jobPrefix(queue), keys.groupPrefix(queue)))
        .map(r -> new Counts(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
            r.get(4).toLong(), r.get(5).toLong(), r.get(6).toLong(), r.get(7).toLong()));
  }

  /** The job, or {@link NotFound}. */
  Future<Job> job(String queue, String id) {
    return registryRedis.send(Command.HGETALL, keys.job(queue, id)).map(r -> {
      if (r == null || r.size() == 0) {
        throw new NotFound("No job " + id + " in queue " + queue);
      }
      return toJob(id, r);
    });
  }

  private static Job toJob(String id, Response fields) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    if (fields.type() == io.vertx.redis.client.ResponseType.MULTI && fields.getKeys().isEmpty()) {
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        m.put(fields.get(i).toString(), fields.get(i + 1).toString());
      }
    } else {
      for (String k : fields.getKeys()) {
        m.put(k, fields.get(k).toString());
      }
    }
    return new Job(id, m.get("state"), parse(m.get("attempts"), 0), parse(m.get("maxAttempts"), 0),
        parse(m.get("priority"), 0), m.get("payload"), m.get("lastError"), m.get("progress"),
        m.containsKey("createdAt") ? parse(m.get("createdAt"), 0) : null,
        m.containsKey("finishedAt") ? parse(m.get("finishedAt"), 0) : null, m.get("group"));
  }

  private static long parse(String value, long fallback) {
    return value == null ? fallback : Long.parseLong(value);
  }

  /** Deletes a waiting, delayed or failed job: {@link NotFound}, or {@link Conflict} when active or completed. */
  Future<Void> delete(String queue, String id) {
    return redis.eval(scripts.delete(), List.of(keys.job(queue, id), keys.waiting(queue), keys.delayed(queue),
        keys.failed(queue), keys.groupRing(queue), keys.groupsLimited(queue), keys.groupNames(queue),
        keys.grouped(queue)), List.of(id, keys.groupPrefix(queue))).map(r -> {
          String state = r.toString();
          if (state.isEmpty()) {
            throw new NotFound("No job " + id + " in queue " + queue);
          }
          if (state.equals("active") || state.equals("completed")) {
            throw new Conflict("Job " + id + " is " + state + "; only waiting, delayed or failed jobs can be deleted");
          }
          return null;
        });
  }

  /** A page of one state's jobs; with a group (waiting only), of that group's waiting jobs. */
  Future<Page> list(String queue, String state, String group, long offset, int limit) {
    List<String> args = List.of(keys.jobPrefix(queue), String.valueOf(offset), String.valueOf(limit),
        keys.groupPrefix(queue));
    List<String> sets;
    if (group != null) {
      sets = List.of(keys.group(queue, group));
    } else if (state.equals("waiting")) {
      sets = List.of(keys.waiting(queue), keys.groupNames(queue), keys.grouped(queue));
    } else {
      sets = List.of(keys.state(queue, state));
    }
    return redis.eval(scripts.list(), sets, args).map(r -> {
          long total = r.get(0).toLong();
          List<Job> jobs = new ArrayList<>();
          for (int i = 1; i + 1 < r.size(); i += 2) {
            jobs.add(toJob(r.get(i).toString(), r.get(i + 1)));
          }
          long next = offset + limit;
          return new Page(jobs, next < total ? next : null);
        });
  }

  Future<Void> pause(String queue, boolean paused) {
    return register(queue).compose(v -> redis.eval(scripts.pause(),
        List.of(keys.paused(queue), keys.waiting(queue), keys.wake(queue), keys.groupRing(queue)),
        List.of(paused ? "1" : "0", wakeTtl())))
        .mapEmpty();
  }

  /** One failed job back to waiting ({@link NotFound} when it is not failed), or with id null all of them. */
  Future<Long> retry(String queue, String id) {
    Future<Long> moved = redis.eval(scripts.retry(), List.of(keys.failed(queue), keys.waiting(queue),
            keys.sequence(queue), keys.wake(queue), keys.groupRing(queue), keys.groupsMaxed(queue),
            keys.groupsLimited(queue), keys.groupNames(queue), keys.grouped(queue)),
        List.of(keys.jobPrefix(queue), wakeTtl(), id == null ? "" : id, String.valueOf(RETRY_PER_SCRIPT),
            keys.groupPrefix(queue)))
        .map(Response::toLong);
    if (id != null) {
      return moved.map(n -> {
        if (n == 0) {
          throw new NotFound("No failed job " + id + " in queue " + queue);
        }
        return n;
      });
    }
    return moved.compose(n -> n < RETRY_PER_SCRIPT ? Future.succeededFuture(n) : retry(queue, null).map(m -> n + m));
  }

  Future<Take> take(String queue, int max, long leaseMs) {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    String leaseBase = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    List<String> args = new ArrayList<>(15);
    args.addAll(List.of(keys.jobPrefix(queue), String.valueOf(clock.millis()), String.valueOf(max),
        String.valueOf(leaseMs), leaseBase, String.valueOf(PROMOTE_PER_TAKE), wakeTtl(), keys.groupPrefix(queue),
        keys.rateWindowPrefix(queue), keys.groupRateWindowPrefix(queue)));
    args.addAll(configuredLimits(queue).args());
    return redis.eval(scripts.take(), List.of(keys.waiting(queue), keys.delayed(queue), keys.active(queue),
            keys.paused(queue), keys.wake(queue), keys.sequence(queue), keys.groupRing(queue), keys.groupsMaxed(queue),
            keys.groupsLimited(queue), keys.groupNames(queue), keys.grouped(queue), keys.groupActive(queue),
            keys.limits(queue)), args).map(r -> {
              List<Taken> jobs = new ArrayList<>();
              for (int i = 3; i + 3 < r.size(); i += 4) {
                jobs.add(new Taken(r.get(i).toString(), r.get(i + 1).toString(), r.get(i + 2).toLong(),
                    r.get(i + 3).toString()));
              }
              Take take = new Take(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toLong(), jobs);
              if (take.limitedUntilMs() > 0) {
                events.rateLimited(queue);
              }
              return take;
            });
  }

  /** Completes an active job; {@link Conflict} when the lease is wrong or expired (nothing changed). */
  Future<Void> ack(String queue, String id, String lease) {
    return ack(queue, List.of(new Lease(id, lease))).map(acked -> {
      if (!acked.get(0)) {
        throw leaseConflict(queue, id);
      }
      return null;
    });
  }

  /**
   * Completes active jobs in one script: per job, in order, true, or false when its lease is wrong or
   * expired (that job is left unchanged; the others are completed all the same).
   */
  Future<List<Boolean>> ack(String queue, List<Lease> leases) {
    List<String> keyList = new ArrayList<>(8 + leases.size());
    keyList.addAll(List.of(keys.active(queue), keys.completed(queue), keys.groupActive(queue),
        keys.groupsMaxed(queue), keys.groupNames(queue), keys.groupRing(queue), keys.sequence(queue), keys.wake(queue)));
    List<String> args = new ArrayList<>(5 + leases.size() * 2);
    args.add(String.valueOf(clock.millis()));
    args.add(String.valueOf(config.completedRetentionSeconds() * 1000));
    args.add(String.valueOf(config.completedMax()));
    args.add(keys.jobPrefix(queue));
    args.add(wakeTtl());
    for (Lease l : leases) {
      keyList.add(keys.job(queue, l.id()));
      args.add(l.id());
      args.add(l.lease());
    }
    return redis.eval(scripts.ack(), keyList, args).map(r -> {
      List<Boolean> acked = new ArrayList<>(leases.size());
      for (int i = 0; i < leases.size(); i++) {
        long ranMs = r.get(i).toLong();
        acked.add(ranMs >= 0);
        if (ranMs >= 0) {
          events.completed(queue, leases.get(i).id(), ranMs);
        }
      }
      return acked;
    });
  }

  /**
   * Fails an active job: a retry after backoff while attempts remain and {@code retry} allows it, else
   * failed with {@code error}. {@link Conflict} when the lease is wrong or expired (nothing changed).
   */
  Future<Failure> fail(String queue, String id, String lease, String error, boolean retry) {
    return redis.eval(scripts.fail(), List.of(keys.job(queue, id), keys.active(queue), keys.delayed(queue),
            keys.failed(queue), keys.groupActive(queue), keys.groupsMaxed(queue), keys.groupNames(queue),
            keys.groupRing(queue), keys.sequence(queue), keys.wake(queue)),
        List.of(id, lease, String.valueOf(clock.millis()), error, retry ? "1" : "0",
            String.valueOf(ThreadLocalRandom.current().nextDouble()),
            String.valueOf(config.failedRetentionSeconds() * 1000), String.valueOf(config.failedMax()),
            keys.jobPrefix(queue), String.valueOf(config.maxBackoffMs()), wakeTtl())).map(r -> {
              long outcome = r.get(0).toLong();
              if (outcome < 0) {
                throw leaseConflict(queue, id);
              }
              Failure f = new Failure(outcome == 1, r.get(1).toLong());
              if (f.retrying()) {
                events.retrying(queue, id, error, f.delayMs());
              } else {
                events.failed(queue, id, error, r.get(1).toLong());
              }
              return f;
            });
  }

  /**
   * Extends the lease by leaseMs (0: keep it) and records progress (null: leave it); returns the deadline.
   * {@link Conflict} when the lease is wrong or expired.
   */
  Future<Long> heartbeat(String queue, String id, String lease, long leaseMs, String progressJson) {
    return redis.eval(scripts.heartbeat(), List.of(keys.job(queue, id), keys.active(queue)),
        List.of(id, lease, String.valueOf(clock.millis()), String.valueOf(leaseMs),
            progressJson == null ? "" : progressJson)).map(r -> {
              long deadline = r.toLong();
              if (deadline < 0) {
                throw leaseConflict(queue, id);
              }
              if (progressJson != null) {
                events.progress(queue, id, progressJson);
              }
              return deadline;
            });
  }

  /** Expired leases back to waiting (or failed), due delayed jobs to waiting: {returned, failed, promoted}. */
  Future<long[]> reap(String queue) {
    return redis.eval(scripts.reap(), List.of(keys.waiting(queue), keys.delayed(queue), keys.active(queue),
            keys.sequence(queue), keys.wake(queue), keys.failed(queue), keys.groupRing(queue), keys.groupsMaxed(queue),
            keys.groupsLimited(queue), keys.groupNames(queue), keys.grouped(queue), keys.groupActive(queue)),
        List.of(keys.jobPrefix(queue), String.valueOf(clock.millis()), String.valueOf(REAP_PER_RUN),
            String.valueOf(config.failedRetentionSeconds() * 1000), String.valueOf(config.failedMax()), wakeTtl(),
            keys.groupPrefix(queue)))
        .map(r -> new long[] {r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong()});
  }

  private QueueLimits configuredLimits(String queue) {
    return configuredLimits.computeIfAbsent(queue, q -> QueueLimits.configured(config, q));
  }

  /** The limits in force: those set through the API, else the configured ones. */
  Future<QueueLimits> limits(String queue) {
    return registryRedis.send(Command.HGETALL, keys.limits(queue)).map(r -> {
      Map<String, String> hash = new java.util.HashMap<>();
      if (r != null) {
        for (String k : r.getKeys()) {
          hash.put(k, r.get(k).toString());
        }
      }
      return hash.isEmpty() ? configuredLimits(queue) : QueueLimits.stored(hash);
    });
  }

  /** Replaces the queue's limits (null: back to the configured ones); parked groups get their turns back. */
  Future<Void> setLimits(String queue, QueueLimits limits) {
    List<String> args = new ArrayList<>();
    args.add(limits == null ? "1" : "0");
    args.add(wakeTtl());
    if (limits != null) {
      args.addAll(limits.hashPairs());
    }
    return register(queue).compose(v -> redis.eval(scripts.limits(), List.of(keys.limits(queue),
        keys.groupsMaxed(queue), keys.groupsLimited(queue), keys.groupRing(queue), keys.groupNames(queue),
        keys.sequence(queue), keys.wake(queue)), args)).mapEmpty();
  }

  String wakeKey(String queue) {
    return keys.wake(queue);
  }

  String reaperLockKey(String queue) {
    return keys.reaperLock(queue);
  }

  static Conflict leaseConflict(String queue, String id) {
    return new Conflict("The lease of job " + id + " in queue " + queue
        + " is not yours or has expired (the job may be delivered to another worker); nothing changed");
  }
}
