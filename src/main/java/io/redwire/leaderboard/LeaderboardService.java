package io.redwire.leaderboard;

import io.redwire.config.AppConfig;
import io.redwire.domain.Conflict;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Leaderboards in sorted sets: scores written in one atomic script per call (set, incr, best), ranks
 * with ties broken by who reached the score first (by Redis' clock, so every replica sees the same
 * order), pages, a member's standing with its neighbours, and periodic boards whose current period
 * Redis decides. Every score change is published on the board's channel for the live feed.
 */
public final class LeaderboardService {

  /** How a submitted score combines with the member's current one. */
  public enum Mode {
    /** replace it */
    SET,
    /** add to it (the submitted score is the increment) */
    INCR,
    /** keep the higher of the two */
    BEST;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One line of a board; rank 0 is the highest score. */
  public record Entry(String member, double score, long rank) {}

  /** What a score write left: the member's score and rank; {@code period} is null on a board that never resets. */
  public record Written(String member, double score, long rank, boolean changed, String period) {}

  /** A page of a board (period null: never resets) and how many members it has in all. */
  public record Page(Reset reset, String period, long size, List<Entry> entries) {}

  /** A member's line and the lines around it (its own included), highest first. */
  public record Standing(Reset reset, String period, Entry entry, List<Entry> around) {}

  /** A board's settings, its current period (null: never resets) and that period's size. */
  public record Settings(Reset reset, String period, long size) {}

  private final SharedRedis redis;
  private final String publishCommand;
  private final LeaderboardKeys keys;
  private final List<String> retentionSeconds;
  private final LuaScript submit;
  private final LuaScript top;
  private final LuaScript member;
  private final LuaScript remove;
  private final LuaScript settings;

  /** @param publishCommand how change events go out: PUBLISH, or SPUBLISH where Pub/Sub is sharded */
  public LeaderboardService(SharedRedis durable, KeySpace keySpace, LuaScripts scripts, AppConfig.Leaderboards config,
      String publishCommand) {
    this.publishCommand = publishCommand;
    this.redis = durable;
    this.keys = new LeaderboardKeys(keySpace);
    this.retentionSeconds = List.of(seconds(config.retentionDailyDays()), seconds(config.retentionWeeklyDays()),
        seconds(config.retentionMonthlyDays()));
    this.submit = scripts.get("leaderboard/submit");
    this.top = scripts.get("leaderboard/top");
    this.member = scripts.get("leaderboard/member");
    this.remove = scripts.get("leaderboard/remove");
    this.settings = scripts.get("leaderboard/settings");
  }

  /**
   * Writes the member's score on the board's current period. {@code score} is finite and within
   * {@link Scores#MAX}; an incr whose result would not be fails with {@link Conflict} and writes nothing.
   */
  public Future<Written> submit(String board, String memberName, double score, Mode mode) {
    List<String> args = new ArrayList<>(9);
    args.add(memberName);
    args.add(Scores.text(score));
    args.add(mode.wire());
    args.add(Scores.MAX_TEXT);
    args.addAll(retentionSeconds);
    args.add(keys.channel(board));
    args.add(board);
    args.add(publishCommand);
    return redis.eval(submit, boardKeys(board), args).compose(r -> {
      if (!status(r).equals("ok")) {
        return Future.failedFuture(new Conflict("The score would leave the range of -" + Scores.MAX_TEXT + " to "
            + Scores.MAX_TEXT + "; nothing was written"));
      }
      return Future.succeededFuture(new Written(memberName, Scores.parse(r.get(1).toString()), r.get(2).toLong(),
          r.get(3).toLong() == 1, period(r.get(4))));
    });
  }

  /** Ranks offset .. offset + limit - 1 of the period (null: the current one); fails with {@link WrongPeriod}. */
  public Future<Page> top(String board, Period period, long offset, int limit) {
    List<String> args = periodArgs(period, String.valueOf(offset), String.valueOf(limit));
    return redis.eval(top, boardKeys(board), args).compose(r -> {
      Reset reset = Reset.ofWire(r.get(1).toString());
      if (!status(r).equals("ok")) {
        return Future.failedFuture(new WrongPeriod(board, reset));
      }
      return Future.succeededFuture(new Page(reset, period(r.get(2)), r.get(3).toLong(), entries(r, 4, offset)));
    });
  }

  /** The member's standing with {@code around} ranks either side; null when it is not on the board. */
  public Future<Standing> member(String board, String memberName, Period period, int around) {
    List<String> args = new ArrayList<>(4);
    args.add(memberName);
    args.addAll(periodArgs(period, String.valueOf(around)));
    return redis.eval(member, boardKeys(board), args).compose(r -> {
      Reset reset = Reset.ofWire(r.get(1).toString());
      return switch (status(r)) {
        case "ok" -> Future.succeededFuture(new Standing(reset, period(r.get(2)),
            new Entry(memberName, Scores.parse(r.get(3).toString()), r.get(4).toLong()),
            entries(r, 6, r.get(5).toLong())));
        case "absent" -> Future.succeededFuture(null);
        default -> Future.failedFuture(new WrongPeriod(board, reset));
      };
    });
  }

  /** Removes the member from the period (null: the current one); true when it was there. */
  public Future<Boolean> remove(String board, String memberName, Period period) {
    List<String> args = new ArrayList<>(5);
    args.add(memberName);
    args.addAll(periodArgs(period, keys.channel(board), board, publishCommand));
    return redis.eval(remove, boardKeys(board), args).compose(r -> status(r).equals("ok")
        ? Future.succeededFuture(r.get(1).toLong() == 1)
        : Future.failedFuture(new WrongPeriod(board, Reset.ofWire(r.get(1).toString()))));
  }

  /** Stores the board's reset (kept durably) and returns its settings. */
  public Future<Settings> configure(String board, Reset reset) {
    return settings(board, reset.wire());
  }

  /** The board's settings; a board never configured resets never. */
  public Future<Settings> settings(String board) {
    return settings(board, "");
  }

  private Future<Settings> settings(String board, String newReset) {
    return redis.eval(settings, boardKeys(board), List.of(newReset))
        .map(r -> new Settings(Reset.ofWire(r.get(0).toString()), period(r.get(1)), r.get(2).toLong()));
  }

  private List<String> boardKeys(String board) {
    return List.of(keys.settings(board), keys.entryPrefix(board));
  }

  /** The period's kind and id ('' and '' for the current period), then {@code rest}. */
  private static List<String> periodArgs(Period period, String... rest) {
    List<String> args = new ArrayList<>(2 + rest.length);
    args.add(period == null ? "" : period.kind().wire());
    args.add(period == null ? "" : period.id());
    args.addAll(List.of(rest));
    return args;
  }

  /** Member, score pairs from {@code from} on, ranked from {@code firstRank}. */
  private static List<Entry> entries(Response r, int from, long firstRank) {
    List<Entry> entries = new ArrayList<>((r.size() - from) / 2);
    for (int i = from; i + 1 < r.size(); i += 2) {
      entries.add(new Entry(r.get(i).toString(), Scores.parse(r.get(i + 1).toString()), firstRank + entries.size()));
    }
    return entries;
  }

  private static String status(Response r) {
    return r.get(0).toString();
  }

  /** The scripts' '' (a board that never resets) is null here. */
  private static String period(Response r) {
    String p = r.toString();
    return p.isEmpty() ? null : p;
  }

  private static String seconds(int days) {
    return String.valueOf(TimeUnit.DAYS.toSeconds(days));
  }
}
