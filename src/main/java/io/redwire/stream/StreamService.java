package io.redwire.stream;

import io.redwire.domain.NotFound;
import io.redwire.domain.Unavailable;
import io.redwire.redis.DedicatedRedis;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.RedisError;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any stream: append (bounded), read history, describe (length, ends, groups with consumers, pending and
 * lag), consumer groups (create, read with a bounded long poll on a dedicated client, ack, claim) and
 * dead letters (list, replay). Unknown streams and groups are {@link NotFound}.
 */
public final class StreamService {

  private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);

  /** A pending entry as XPENDING reports it. */
  record Pending(String id, String consumer, long idleMs, long deliveries) {}

  /** A consumer of a group. */
  public record Consumer(String name, long pending, long idleMs) {}

  /** A group; {@code lag} is null when Redis cannot tell (an entry was deleted inside the unread range). */
  public record Group(String name, List<Consumer> consumers, long pending, String lastDeliveredId, Long lag) {}

  public record Description(long length, String firstId, String lastId, List<Group> groups) {}

  public record Claimed(List<StreamEntry> entries, String cursor) {}

  /** On 6.2 (no lag in XINFO) the unread entries are counted up to this many; more reads as this figure. */
  static final int LAG_SCAN_LIMIT = 10_000;

  private final SharedRedis redis;
  private final DedicatedRedis reads;
  private final int maxConcurrentReads;
  private final AtomicInteger readsInFlight = new AtomicInteger();
  private final StreamKeys keys;
  private final StreamMetrics metrics;
  private final long deadLetterMaxLen;
  private final LuaScript groupAck;
  private final LuaScript deadLetter;
  private final LuaScript replay;
  private final LuaScript describe;
  private final LuaScript groupCreate;
  private final LuaScript consumerRemove;
  private final LuaScript watch;
  private final LuaScript claim62;
  private final int maxWatchedStreams;

  StreamService(SharedRedis redis, DedicatedRedis reads, int maxConcurrentReads, StreamKeys keys, LuaScripts scripts,
      StreamMetrics metrics, long deadLetterMaxLen, int maxWatchedStreams) {
    this.redis = redis;
    this.reads = reads;
    this.maxConcurrentReads = maxConcurrentReads;
    this.keys = keys;
    this.metrics = metrics;
    this.deadLetterMaxLen = deadLetterMaxLen;
    this.groupAck = scripts.get("stream/group_ack");
    this.deadLetter = scripts.get("stream/dead_letter");
    this.replay = scripts.get("stream/replay");
    this.describe = scripts.get("stream/describe");
    this.groupCreate = scripts.get("stream/group_create");
    this.consumerRemove = scripts.get("stream/consumer_remove");
    this.watch = scripts.get("stream/watch");
    this.claim62 = scripts.get("stream/claim_62");
    this.maxWatchedStreams = maxWatchedStreams;
  }

  public Future<String> append(String stream, String eventJson, long maxLen) {
    return redis.send(Request.cmd(Command.XADD).arg(keys.stream(stream)).arg("MAXLEN").arg("~")
            .arg(String.valueOf(maxLen)).arg("*").arg(StreamEntry.EVENT_FIELD).arg(eventJson))
        .map(r -> {
          metrics.appended(stream);
          return r.toString();
        });
  }

  /** Entries after {@code after} (exclusive), oldest first. */
  public Future<List<StreamEntry>> range(String stream, String after, int count) {
    return rangeOf(keys.stream(stream), after, count);
  }

  public Future<List<StreamEntry>> deadLetters(String stream, String after, int count) {
    return rangeOf(keys.deadLetters(stream), after, count);
  }

  private Future<List<StreamEntry>> rangeOf(String key, String after, int count) {
    return redis.send(Request.cmd(Command.XRANGE).arg(key).arg("(" + after).arg("+").arg("COUNT")
        .arg(String.valueOf(count))).map(StreamEntry::list);
  }

  public Future<Description> describe(String stream) {
    return redis.eval(describe, List.of(keys.stream(stream)), List.of(String.valueOf(LAG_SCAN_LIMIT))).compose(r -> {
      if (r == null) {
        return Future.failedFuture(new NotFound("No stream " + stream));
      }
      Map<String, Response> info = pairs(r.get(0));
      List<Group> groups = new ArrayList<>();
      for (Response g : r.get(1)) {
        groups.add(group(pairs(g.get(0)), g.get(1), g.get(2).toLong()));
      }
      return Future.succeededFuture(new Description(info.get("length").toLong(), firstId(info.get("first-entry")),
          firstId(info.get("last-entry")), groups));
    });
  }

  private static Group group(Map<String, Response> g, Response consumerList, long countedLag) {
    List<Consumer> consumers = new ArrayList<>();
    for (Response c : consumerList) {
      Map<String, Response> f = pairs(c);
      consumers.add(new Consumer(f.get("name").toString(), f.get("pending").toLong(), f.get("idle").toLong()));
    }
    // counted by the script where XINFO has none (6.2, or 7.0 after a deletion inside the unread range)
    Long lag = g.get("lag") != null ? g.get("lag").toLong() : countedLag >= 0 ? countedLag : null;
    return new Group(g.get("name").toString(), consumers, g.get("pending").toLong(),
        g.get("last-delivered-id").toString(), lag);
  }

  /** A flat field/value list (what XINFO gives a script) as a map. */
  private static Map<String, Response> pairs(Response flat) {
    Map<String, Response> out = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i).toString(), flat.get(i + 1));
    }
    return out;
  }

  private static String firstId(Response entry) {
    return entry == null || entry.size() == 0 ? null : entry.get(0).toString();
  }

  /**
   * Creates the group (and the stream when missing); false when it existed already. The stream is then
   * registered for its groups' gauges ({@link GroupGauges}), while the registry has room.
   */
  public Future<Boolean> createGroup(String stream, String group, String from) {
    return redis.eval(groupCreate, List.of(keys.stream(stream)), List.of(group, from))
        .compose(r -> watch(stream).map(r.toLong() == 1));
  }

  private Future<Void> watch(String stream) {
    if (stream.equals(StreamKeys.ORDERS)) {
      return Future.succeededFuture(); // always watched
    }
    return redis.eval(watch, List.of(keys.watchedStreams()), List.of(stream, String.valueOf(maxWatchedStreams)))
        .map(r -> {
          if (r.toLong() == 0) {
            LOG.warn("stream {} gets no group gauges: {} streams are watched already (REDWIRE_STREAM_GAUGE_GROUPS_MAX)",
                stream, maxWatchedStreams);
          }
          return null;
        });
  }

  /** The streams registered for group gauges (at most the cap: registration refuses more). */
  Future<List<String>> watched() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.watchedStreams())).map(r -> {
      List<String> names = new ArrayList<>();
      r.forEach(name -> names.add(name.toString()));
      return names;
    });
  }

  /** Forgets a stream that no longer exists. */
  Future<Void> unwatch(String stream) {
    return redis.send(Request.cmd(Command.SREM).arg(keys.watchedStreams()).arg(stream)).mapEmpty();
  }

  /** New entries for {@code consumer}, waiting up to blockMs (0: answer at once) on a dedicated connection. */
  public Future<List<StreamEntry>> read(String stream, String group, String consumer, int count, long blockMs) {
    if (readsInFlight.incrementAndGet() > maxConcurrentReads) {
      readsInFlight.decrementAndGet();
      return Future.failedFuture(new Unavailable("busy", "Every stream-read connection is in a long poll; retry", null));
    }
    Request req = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT")
        .arg(String.valueOf(count));
    if (blockMs > 0) {
      req.arg("BLOCK").arg(String.valueOf(blockMs));
    }
    req.arg("STREAMS").arg(keys.stream(stream)).arg(">");
    Future<Response> reply = blockMs > 0 ? reads.blocking(req, blockMs) : reads.send(req);
    return reply.map(StreamEntry::ofRead)
        .recover(err -> Future.failedFuture(noGroup(err) ? unknownGroup(stream, group) : err))
        .eventually(() -> {
          readsInFlight.decrementAndGet();
          return Future.succeededFuture();
        });
  }

  public Future<Long> ack(String stream, String group, List<String> ids) {
    List<String> args = new ArrayList<>();
    args.add(group);
    args.addAll(ids);
    return redis.eval(groupAck, List.of(keys.stream(stream)), args).compose(r -> switch (r.get(0).toString()) {
      case "ok" -> Future.succeededFuture(r.get(1).toLong());
      case "no-stream" -> Future.failedFuture(new NotFound("No stream " + stream));
      default -> Future.failedFuture(unknownGroup(stream, group));
    });
  }

  /**
   * XAUTOCLAIM: entries pending longer than minIdleMs on any consumer become {@code consumer}'s; entries
   * deleted while pending leave the pending list. On 6.2, whose XAUTOCLAIM keeps deleted entries pending
   * and names them by a bare nil, a script does the same with XPENDING and XCLAIM.
   */
  public Future<Claimed> claim(String stream, String group, String consumer, long minIdleMs, int count, String start) {
    Future<Response> reply = redis.versionAtLeast(7, 0)
        ? redis.send(Request.cmd(Command.XAUTOCLAIM).arg(keys.stream(stream)).arg(group).arg(consumer)
            .arg(String.valueOf(minIdleMs)).arg(start).arg("COUNT").arg(String.valueOf(count)))
        : redis.eval(claim62, List.of(keys.stream(stream)), List.of(group, consumer, String.valueOf(minIdleMs), start,
            String.valueOf(count)));
    return reply.map(r -> new Claimed(StreamEntry.list(r.get(1)), r.get(0).toString()))
        .recover(err -> Future.failedFuture(noGroup(err) ? unknownGroup(stream, group) : err));
  }

  /** The dead letter appended again to its stream (a new id), then removed from the dead letters. */
  public Future<String> replay(String stream, String deadLetterId, long maxLen) {
    return redis.eval(replay, List.of(keys.stream(stream), keys.deadLetters(stream)),
            List.of(deadLetterId, String.valueOf(maxLen)))
        .compose(r -> r == null
            ? Future.failedFuture(new NotFound("No dead letter " + deadLetterId + " in stream " + stream))
            : Future.succeededFuture(r.toString()));
  }

  /** Entries pending longer than minIdleMs, with their delivery counts. */
  Future<List<Pending>> pending(String stream, String group, long minIdleMs, int count) {
    return redis.send(Request.cmd(Command.XPENDING).arg(keys.stream(stream)).arg(group).arg("IDLE")
        .arg(String.valueOf(minIdleMs)).arg("-").arg("+").arg(String.valueOf(count))).map(r -> {
          List<Pending> out = new ArrayList<>();
          for (Response p : r) {
            out.add(new Pending(p.get(0).toString(), p.get(1).toString(), p.get(2).toLong(), p.get(3).toLong()));
          }
          return out;
        });
  }

  Future<String> moveToDeadLetters(String stream, String group, Pending p, String fallbackError) {
    return redis.eval(deadLetter, List.of(keys.stream(stream), keys.deadLetters(stream), keys.lastErrors(stream, group)),
            List.of(group, p.id(), String.valueOf(p.deliveries()), String.valueOf(deadLetterMaxLen), fallbackError))
        .map(r -> {
          metrics.deadLettered(stream, group);
          return r.toString();
        });
  }

  /** Keeps why an entry failed, for its dead letter; the hash expires after the retention. */
  Future<Void> recordError(String stream, String group, String id, String error, long retentionMs) {
    String key = keys.lastErrors(stream, group);
    return redis.batch(List.of(Request.cmd(Command.HSET).arg(key).arg(id).arg(error),
        Request.cmd(Command.PEXPIRE).arg(key).arg(String.valueOf(retentionMs)))).mapEmpty();
  }

  Future<Long> ackEntries(String stream, String group, List<String> ids) {
    Request req = Request.cmd(Command.XACK).arg(keys.stream(stream)).arg(group);
    ids.forEach(req::arg);
    return redis.send(req).map(Response::toLong);
  }

  /** Removes the consumer if it still has nothing pending and is idle past idleMs; true when removed. */
  Future<Boolean> removeConsumer(String stream, String group, String consumer, long idleMs) {
    return redis.eval(consumerRemove, List.of(keys.stream(stream)), List.of(group, consumer, String.valueOf(idleMs)))
        .map(r -> r.toLong() == 1);
  }

  static boolean noGroup(Throwable err) {
    return err instanceof RedisError e && e.is("NOGROUP");
  }

  private static NotFound unknownGroup(String stream, String group) {
    return new NotFound("No group " + group + " on stream " + stream);
  }
}
