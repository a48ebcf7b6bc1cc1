package io.redwire.visitor;

import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Daily visitor sets (exact counts, intersections, differences) next to daily HyperLogLogs
 * (approximate counts over any range in 12 KB per day). Both expire after the retention period.
 */
public final class VisitorService {

  /** An exact count with at most {@code limit} of the counted visitors. */
  public record Members(long count, List<String> visitors) {}

  private final SharedRedis redis;
  private final VisitorKeys keys;
  private final Clock clock;
  private final int retentionDays;
  private final LuaScript record;
  private final LuaScript intersect;
  private final LuaScript difference;

  public VisitorService(SharedRedis redis, KeySpace keySpace, LuaScripts scripts, Clock clock, int retentionDays) {
    this.redis = redis;
    this.keys = new VisitorKeys(keySpace);
    this.clock = clock;
    this.retentionDays = retentionDays;
    this.record = scripts.get("visitor/record");
    this.intersect = scripts.get("visitor/intersect");
    this.difference = scripts.get("visitor/difference");
  }

  /** Today in UTC, the default day of a visit. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** How many days a day's keys live; also the widest range a query may span. */
  public int retentionDays() {
    return retentionDays;
  }

  /** Adds the visitor to the day's set and HyperLogLog; true when it is the visitor's first visit that day. */
  public Future<Boolean> record(String visitor, LocalDate day) {
    long retentionMs = TimeUnit.DAYS.toMillis(retentionDays);
    return redis.eval(record, List.of(keys.daySet(day), keys.dayLog(day)),
            List.of(visitor, String.valueOf(retentionMs)))
        .map(r -> r.toLong() == 1);
  }

  /** Distinct visitors of the day, exactly (SCARD). */
  public Future<Long> count(LocalDate day) {
    return redis.send(Command.SCARD, keys.daySet(day)).map(Response::toLong);
  }

  /** Distinct visitors of the day, estimated from its HyperLogLog (PFCOUNT, standard error 0.81%). */
  public Future<Long> approximateCount(LocalDate day) {
    return redis.send(Command.PFCOUNT, keys.dayLog(day)).map(Response::toLong);
  }

  /** Distinct visitors over [from, to], estimated from the union of the days' HyperLogLogs. */
  public Future<Long> approximateUnique(LocalDate from, LocalDate to) {
    Request req = Request.cmd(Command.PFCOUNT);
    keys.dayLogs(from, to).forEach(req::arg);
    return redis.send(req).map(Response::toLong);
  }

  /** Visitors seen on every day of [from, to]. */
  public Future<Members> returning(LocalDate from, LocalDate to, int limit) {
    return redis.eval(intersect, keys.daySets(from, to), List.of(String.valueOf(limit), cardinalityFlag()))
        .map(VisitorService::members);
  }

  /** Visitors of {@code day} who were not visitors of {@code previous}. */
  public Future<Members> newVisitors(LocalDate day, LocalDate previous, int limit) {
    return redis.eval(difference, List.of(keys.daySet(day), keys.daySet(previous)),
            List.of(String.valueOf(limit), cardinalityFlag()))
        .map(VisitorService::members);
  }

  /** SINTERCARD arrived in Redis 7.0; 6.2 (the floor) builds the result set instead. */
  private String cardinalityFlag() {
    return redis.versionAtLeast(7, 0) ? "1" : "0";
  }

  private static Members members(Response r) {
    Response list = r.get(1);
    List<String> visitors = new ArrayList<>(list == null ? 0 : list.size());
    if (list != null) {
      list.forEach(m -> visitors.add(m.toString()));
    }
    return new Members(r.get(0).toLong(), visitors);
  }
}
