package io.redwire.leaderboard;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Replies;
import io.redwire.leaderboard.LeaderboardService.Entry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * PUT/GET /api/v1/leaderboards/{board}, POST .../{board}/scores, GET .../{board}/top,
 * GET/DELETE .../{board}/members/{member}. Reading is open to every authenticated caller (session users
 * included); writing needs a service or admin key.
 */
final class LeaderboardRoutes {

  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 1000;
  /** Ranks either side of a member; 100 keeps a standing reply within the size of a top page. */
  static final int MAX_AROUND = 100;
  private static final Set<String> SCORE_FIELDS = Set.of("member", "score", "mode");
  private static final Set<String> SETTINGS_FIELDS = Set.of("reset");
  /** Longest period text echoed back in an error (2026-11-29 is 10). */
  private static final int PERIOD_TEXT_MAX = 10;

  private final LeaderboardService leaderboards;

  LeaderboardRoutes(LeaderboardService leaderboards) {
    this.leaderboards = leaderboards;
  }

  void mount(ApiRoutes api) {
    api.api("/leaderboards")
        .route(HttpMethod.PUT, "/:board", Access.SERVICE, this::configure)
        .route(HttpMethod.GET, "/:board", Access.USER, this::settings)
        .route(HttpMethod.POST, "/:board/scores", Access.SERVICE, this::submit)
        .route(HttpMethod.GET, "/:board/top", Access.USER, this::top)
        .route(HttpMethod.GET, "/:board/members/:member", Access.USER, this::member)
        .route(HttpMethod.DELETE, "/:board/members/:member", Access.SERVICE, this::remove);
  }

  private void configure(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, SETTINGS_FIELDS);
    String board = in.pathName(ctx, "board");
    Object raw = body.getValue("reset");
    Reset reset = raw instanceof String s ? Reset.ofWire(s) : null;
    if (raw == null) {
      in.fail("reset", "is required");
    } else if (reset == null) {
      in.fail("reset", "must be one of never, daily, weekly, monthly");
    }
    in.done();
    Replies.json(ctx, 200, leaderboards.configure(board, reset).map(s -> toJson(board, s)));
  }

  private void settings(RoutingContext ctx) {
    Input in = Input.check();
    String board = in.pathName(ctx, "board");
    in.done();
    Replies.json(ctx, 200, leaderboards.settings(board).map(s -> toJson(board, s)));
  }

  private void submit(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, SCORE_FIELDS);
    String board = in.pathName(ctx, "board");
    Object rawMember = body.getValue("member");
    String member = null;
    if (rawMember == null) {
      in.fail("member", "is required");
    } else if (rawMember instanceof String s) {
      member = in.name("member", s);
    } else {
      in.fail("member", "must be a string");
    }
    double score = score(in, body.getValue("score"));
    LeaderboardService.Mode mode = mode(in, body.getValue("mode"));
    in.done();
    String name = member;
    Replies.json(ctx, 200, leaderboards.submit(board, name, score, mode).map(w -> withPeriod(new JsonObject()
        .put("member", w.member())
        .put("score", Scores.json(w.score()))
        .put("rank", w.rank())
        .put("changed", w.changed()), w.period())));
  }

  private void top(RoutingContext ctx) {
    Input in = Input.check();
    String board = in.pathName(ctx, "board");
    int limit = (int) in.queryLong(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    long offset = in.queryLong(ctx, "offset", 0, Integer.MAX_VALUE, 0);
    Period period = period(ctx, in);
    in.done();
    Replies.json(ctx, 200, wrongPeriodIs400(leaderboards.top(board, period, offset, limit)).map(page ->
        withPeriod(new JsonObject().put("board", board), page.period())
            .put("size", page.size())
            .put("entries", toJson(page.entries()))));
  }

  private void member(RoutingContext ctx) {
    Input in = Input.check();
    String board = in.pathName(ctx, "board");
    String member = in.pathName(ctx, "member");
    int around = (int) in.queryLong(ctx, "around", 0, MAX_AROUND, 0);
    Period period = period(ctx, in);
    in.done();
    Replies.json(ctx, 200, wrongPeriodIs400(leaderboards.member(board, member, period, around)).compose(s -> s == null
        ? Future.failedFuture(ProblemException.notFound("Member " + member + " is not on board " + board
            + (period == null ? "" : " in period " + period.id())))
        : Future.succeededFuture(withPeriod(new JsonObject()
            .put("member", member)
            .put("score", Scores.json(s.entry().score()))
            .put("rank", s.entry().rank()), s.period())
            .put("around", toJson(s.around())))));
  }

  private void remove(RoutingContext ctx) {
    Input in = Input.check();
    String board = in.pathName(ctx, "board");
    String member = in.pathName(ctx, "member");
    Period period = period(ctx, in);
    in.done();
    Replies.noContent(ctx, wrongPeriodIs400(leaderboards.remove(board, member, period)));
  }

  /** A finite JSON number within +-(2^53 - 1); NaN and Infinity are not JSON, but 1e400 parses as Infinity. */
  private static double score(Input in, Object raw) {
    if (raw == null) {
      in.fail("score", "is required");
      return 0;
    }
    if (!(raw instanceof Number n)) {
      in.fail("score", "must be a number");
      return 0;
    }
    double value = n.doubleValue();
    if (!Scores.inRange(value)) {
      in.fail("score", "must be a finite number between -" + Scores.MAX_TEXT + " and " + Scores.MAX_TEXT);
      return 0;
    }
    return value;
  }

  private static LeaderboardService.Mode mode(Input in, Object raw) {
    if (raw == null) {
      return LeaderboardService.Mode.SET;
    }
    for (LeaderboardService.Mode m : LeaderboardService.Mode.values()) {
      if (m.wire().equals(raw)) {
        return m;
      }
    }
    in.fail("mode", "must be one of set, incr, best");
    return LeaderboardService.Mode.SET;
  }

  /** {@code ?period=}: null (the current period) when absent. */
  private static Period period(RoutingContext ctx, Input in) {
    String raw = ctx.queryParams().get("period");
    if (raw == null) {
      return null;
    }
    Period period = Period.parse(raw);
    if (period == null) {
      String shown = raw.length() <= PERIOD_TEXT_MAX ? "'" + raw + "' is not a period: " : "";
      in.fail("period", shown + "must be a day (2026-11-29), an ISO week (2026-W48) or a month (2026-11)");
    }
    return period;
  }

  private static <T> Future<T> wrongPeriodIs400(Future<T> result) {
    return result.recover(err -> Future.failedFuture(err instanceof WrongPeriod
        ? ProblemException.badRequest("period", err.getMessage())
        : err));
  }

  private static JsonObject toJson(String board, LeaderboardService.Settings s) {
    return withPeriod(new JsonObject().put("board", board).put("reset", s.reset().wire()), s.period())
        .put("size", s.size());
  }

  private static JsonObject withPeriod(JsonObject json, String period) {
    return period == null ? json : json.put("period", period);
  }

  private static JsonArray toJson(List<Entry> entries) {
    JsonArray out = new JsonArray();
    for (Entry e : entries) {
      out.add(new JsonObject().put("member", e.member()).put("score", Scores.json(e.score())).put("rank", e.rank()));
    }
    return out;
  }
}
