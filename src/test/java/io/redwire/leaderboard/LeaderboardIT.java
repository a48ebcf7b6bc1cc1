package io.redwire.leaderboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.redis.RedisSubscriber;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leaderboards over HTTP against a real Redis: the three write modes, ties in order of arrival on every
 * replica, pages, a member's neighbours, removal, periodic boards and their expiry, change events, and
 * bad input that writes nothing. Each subclass runs it on one topology or Redis version.
 */
abstract class LeaderboardIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final String API = "/api/v1/leaderboards/";
  static final Duration WAIT = Duration.ofSeconds(10);
  static final long DAY_MS = TimeUnit.DAYS.toMillis(1);
  static TestRedis redis;
  static TestApp app;

  /** Each subclass hands over the Redis and app of its run ({@code @BeforeEachTopology} or {@code @BeforeAll}). */
  static void startWith(TestRedis server, TestApp testApp) {
    redis = server;
    app = testApp;
  }

  // ---------------------------------------------------------------- modes

  @Test
  void setReplacesIncrAddsAndBestKeepsTheHigher() {
    String board = "modes";
    assertWritten(score(board, "ann", 100, null), "ann", 100, 0, true);
    assertWritten(score(board, "bob", 50, "set"), "bob", 50, 1, true);
    assertWritten(score(board, "ann", 10, "set"), "ann", 10, 1, true);

    assertWritten(score(board, "bob", 25, "incr"), "bob", 75, 0, true);
    assertWritten(score(board, "cat", 5, "incr"), "cat", 5, 2, true);
    assertWritten(score(board, "cat", -7.5, "incr"), "cat", -2.5, 2, true);

    assertWritten(score(board, "ann", 5, "best"), "ann", 10, 1, false);
    assertWritten(score(board, "ann", 10, "best"), "ann", 10, 1, false);
    assertWritten(score(board, "ann", 80, "best"), "ann", 80, 0, true);
    assertWritten(score(board, "dan", -1, "best"), "dan", -1, 2, true);
    assertWritten(score(board, "bob", 75, "set"), "bob", 75, 1, false);
    assertWritten(score(board, "bob", 0, "incr"), "bob", 75, 1, false);

    JsonObject top = top(board, "");
    assertEquals(List.of("ann", "bob", "dan", "cat"), members(top));
    assertEquals(4L, top.getLong("size"));
    assertEquals(board, top.getString("board"));
    assertFalse(top.containsKey("period"), "a board that never resets has no period: " + top);
  }

  @Test
  void scoresKeepTheirFullPrecisionAndRange() {
    String board = "precision";
    String max = "9007199254740991";
    for (String text : List.of("0.1", "-2.5", "0.3333333333333333", "1.0E-300", "123456789.125", max, "-" + max)) {
      Reply r = raw(board, "{\"member\":\"m\",\"score\":" + text + "}");
      assertEquals(200, r.status(), r.toString());
      double expected = Double.parseDouble(text);
      assertEquals(expected, r.json().getDouble("score"), text);
      assertEquals(expected, member(board, "m", "").getDouble("score"), text + " read back");
    }
    assertEquals("{\"member\":\"m\",\"score\":-" + max + ",\"rank\":0,\"changed\":false}",
        raw(board, "{\"member\":\"m\",\"score\":-" + max + "}").body(), "whole scores are JSON integers");

    // an incr whose result leaves the range writes nothing
    assertWritten(score(board, "m", Scores.MAX, "set"), "m", Scores.MAX, 0, true);
    Map<String, String> before = state(board);
    Reply over = score(board, "m", 1, "incr");
    assertEquals(409, over.status(), over.toString());
    assertEquals(before, state(board));
    assertWritten(score(board, "m", -1, "incr"), "m", Scores.MAX - 1, 0, true);
  }

  // ---------------------------------------------------------------- ties

  @Test
  void tiesGoToWhoReachedTheScoreFirstOnEveryReplica(TestApps apps) {
    String board = "ties";
    TestApp replica = apps.replicaOf(app);
    // neither name order: not abe, mid, zed, nor zed, mid, abe
    assertEquals(200, score(app, board, "abe", 100, "set").status());
    assertEquals(200, score(replica, board, "zed", 100, "set").status());
    assertEquals(200, score(app, board, "mid", 100, "set").status());
    assertEquals(200, score(replica, board, "kai", 90, "set").status());
    assertEquals(200, score(app, board, "kai", 10, "incr").status());
    List<String> arrival = List.of("abe", "zed", "mid", "kai");
    assertEquals(arrival, members(top(app, board, "")));
    assertEquals(arrival, members(top(replica, board, "")));
    assertEquals(List.of(0L, 1L, 2L, 3L), ranks(top(replica, board, "")));

    // writes that leave a score as it is keep its place
    assertWritten(score(replica, board, "abe", 100, "set"), "abe", 100, 0, false);
    assertWritten(score(app, board, "zed", 100, "best"), "zed", 100, 1, false);
    assertWritten(score(replica, board, "mid", 0, "incr"), "mid", 100, 2, false);
    assertEquals(arrival, members(top(app, board, "")));

    // reaching the score again later puts a member behind those who already had it
    assertEquals(200, score(app, board, "abe", 99, "set").status());
    assertWritten(score(replica, board, "abe", 1, "incr"), "abe", 100, 3, true);
    assertEquals(List.of("zed", "mid", "kai", "abe"), members(top(replica, board, "")));
    assertEquals(members(top(replica, board, "")), members(top(app, board, "")));
    JsonObject standing = member(replica, board, "abe", "?around=1");
    assertEquals(3L, standing.getLong("rank"));
    assertEquals(List.of("kai", "abe"), members(standing.getJsonArray("around")));
  }

  @Test
  void concurrentWritesFromTwoReplicasAreEachOneAtomicStep(TestApps apps) throws Exception {
    String board = "concurrent";
    TestApp replica = apps.replicaOf(app);
    int writers = 8;
    int perWriter = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        TestApp on = w % 2 == 0 ? app : replica;
        int writer = w;
        done.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < perWriter; i++) {
            ok += score(on, board, "sum", 1, "incr").status() == 200 ? 1 : 0;
            ok += score(on, board, "max", writer * perWriter + i, "best").status() == 200 ? 1 : 0;
          }
          return ok;
        }));
      }
      for (Future<Integer> f : done) {
        assertEquals(2 * perWriter, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(writers * perWriter, member(board, "sum", "").getLong("score"), "no increment is lost");
    assertEquals(writers * perWriter - 1, member(replica, board, "max", "").getLong("score"), "best keeps the highest");
  }

  // ---------------------------------------------------------------- pages, members, removal

  @Test
  void topPagesByLimitAndOffset() {
    String board = "pages";
    for (int i = 0; i < 25; i++) {
      assertEquals(200, score(board, String.format("p%02d", i), i, "set").status());
    }
    JsonObject first = top(board, "");
    assertEquals(25L, first.getLong("size"));
    assertEquals(10, first.getJsonArray("entries").size(), "default limit");
    assertEquals(new JsonObject().put("member", "p24").put("score", 24).put("rank", 0),
        first.getJsonArray("entries").getJsonObject(0));

    JsonObject last = top(board, "?limit=10&offset=20");
    assertEquals(List.of("p04", "p03", "p02", "p01", "p00"), members(last));
    assertEquals(List.of(20L, 21L, 22L, 23L, 24L), ranks(last));
    assertEquals(25, top(board, "?limit=1000").getJsonArray("entries").size());
    assertEquals(List.of("p24"), members(top(board, "?limit=1")));

    JsonObject beyond = top(board, "?offset=25");
    assertEquals(25L, beyond.getLong("size"));
    assertEquals(0, beyond.getJsonArray("entries").size());
    JsonObject empty = top("no-such-board", "");
    assertEquals(0L, empty.getLong("size"));
    assertEquals(new JsonArray(), empty.getJsonArray("entries"));

    for (String query : List.of("?limit=0", "?limit=1001", "?limit=-1", "?limit=ten", "?offset=-1", "?offset=1.5",
        "?limit=10&offset=99999999999")) {
      Reply r = app.get(API + board + "/top" + query, KEY);
      assertProblem(400, r, query.contains("offset") ? "offset" : "limit");
    }
  }

  @Test
  void aMemberComesWithItsNeighbours() {
    String board = "around";
    for (int i = 1; i <= 10; i++) {
      assertEquals(200, score(board, "n" + i, i * 10, "set").status());
    }
    JsonObject fifth = member(board, "n5", "?around=2");
    assertEquals("n5", fifth.getString("member"));
    assertEquals(50L, fifth.getLong("score"));
    assertEquals(5L, fifth.getLong("rank"));
    assertEquals(List.of("n7", "n6", "n5", "n4", "n3"), members(fifth.getJsonArray("around")));
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L), ranks(fifth.getJsonArray("around")));

    assertEquals(List.of("n10", "n9", "n8"), members(member(board, "n10", "?around=2").getJsonArray("around")));
    assertEquals(List.of("n2", "n1"), members(member(board, "n1", "?around=1").getJsonArray("around")));
    assertEquals(List.of("n3"), members(member(board, "n3", "").getJsonArray("around")), "around defaults to 0");
    assertEquals(10, member(board, "n3", "?around=100").getJsonArray("around").size());

    assertProblem(404, app.get(API + board + "/members/nobody", KEY), null);
    assertProblem(404, app.get(API + "no-such-board/members/n1", KEY), null);
    assertProblem(400, app.get(API + board + "/members/n1?around=101", KEY), "around");
    assertProblem(400, app.get(API + board + "/members/n1?around=-1", KEY), "around");
  }

  @Test
  void removalTakesTheMemberOffAndLeavesNoKeysBehind() {
    String board = "removal";
    score(board, "a", 3, "set");
    score(board, "b", 2, "set");
    score(board, "c", 1, "set");
    assertEquals(204, app.delete(API + board + "/members/b", KEY).status());
    assertProblem(404, app.get(API + board + "/members/b", KEY), null);
    JsonObject top = top(board, "");
    assertEquals(List.of("a", "c"), members(top));
    assertEquals(List.of(0L, 1L), ranks(top));
    assertEquals(2L, top.getLong("size"));
    assertEquals(204, app.delete(API + board + "/members/b", KEY).status(), "removing an absent member is 204 too");

    assertEquals(204, app.delete(API + board + "/members/a", KEY).status());
    assertEquals(204, app.delete(API + board + "/members/c", KEY).status());
    assertEquals(Map.of(), state(board), "an emptied board leaves no keys");
    assertWritten(score(board, "b", 7, "incr"), "b", 7, 0, true);
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void badScoresWriteNothing() {
    String board = "bad-scores";
    score(board, "keep", 5, "set");
    Map<String, String> before = state(board);
    List<String> bodies = List.of(
        "{\"member\":\"keep\",\"score\":\"100\"}",
        "{\"member\":\"keep\",\"score\":true}",
        "{\"member\":\"keep\",\"score\":null}",
        "{\"member\":\"keep\"}",
        "{\"member\":\"keep\",\"score\":1e400}",
        "{\"member\":\"keep\",\"score\":-1e400}",
        "{\"member\":\"keep\",\"score\":9007199254740992}",
        "{\"member\":\"keep\",\"score\":-9007199254740993}",
        "{\"member\":\"keep\",\"score\":100000000000000000000}",
        "{\"member\":\"keep\",\"score\":1e16}",
        "{\"member\":\"keep\",\"score\":[1]}",
        "{\"member\":\"keep\",\"score\":1,\"mode\":\"max\"}",
        "{\"member\":\"keep\",\"score\":1,\"mode\":1}",
        "{\"member\":\"keep\",\"score\":1,\"board\":\"x\"}");
    for (String body : bodies) {
      Reply r = raw(board, body);
      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("application/problem+json", r.contentType(), body);
      assertEquals(before, state(board), body);
    }
    for (String body : List.of("{\"member\":\"keep\",\"score\":NaN}", "{\"member\":\"keep\",\"score\":Infinity}",
        "{\"member\":\"keep\",\"score\":0x10}")) {
      assertProblem(400, raw(board, body), "body");
      assertEquals(before, state(board), body);
    }
  }

  @Test
  void badNamesWriteNothing() {
    String board = "bad-names";
    score(board, "keep", 5, "set");
    Map<String, String> before = state(board);
    for (String member : List.of("", "with space", ".", "..", "a/b", "x".repeat(129), "caf\u00e9", "#clock")) {
      Reply r = score(board, member, 1, "set");
      assertProblem(400, r, "member");
      assertEquals(before, state(board), member);
    }
    assertProblem(400, raw(board, "{\"score\":1}"), "member");
    assertProblem(400, raw(board, "{\"member\":42,\"score\":1}"), "member");
    for (String path : List.of("%20x", "x%23y", "x".repeat(129))) {
      assertEquals(400, app.post(API + path + "/scores", new JsonObject().put("member", "m").put("score", 1), KEY)
          .status(), path);
      assertEquals(400, app.get(API + path + "/top", KEY).status(), path);
    }
    assertProblem(400, app.get(API + board + "/members/%23clock", KEY), "member");
    assertProblem(400, app.delete(API + board + "/members/a%20b", KEY), "member");
    assertEquals(before, state(board));
  }

  @Test
  void badPeriodsAre400AndWriteNothing() {
    String daily = "bad-periods-daily";
    configure(daily, "daily");
    score(daily, "keep", 5, "set");
    Map<String, String> before = state(daily);
    for (String period : List.of("2026-13", "2026-00", "2026-02-30", "2026-W54", "2025-W53", "2026-W00", "2026-11-3",
        "today", "2026-w48", "26-11-29", "2026-11-29T00", "")) {
      assertProblem(400, app.get(API + daily + "/top?period=" + period, KEY), "period");
      assertProblem(400, app.delete(API + daily + "/members/keep?period=" + period, KEY), "period");
    }
    for (String otherKind : List.of("2026-W48", "2026-11")) {
      Reply r = app.get(API + daily + "/top?period=" + otherKind, KEY);
      assertProblem(400, r, "period");
      assertTrue(r.json().getString("detail").contains("resets daily"), r.toString());
      assertProblem(400, app.get(API + daily + "/members/keep?period=" + otherKind, KEY), "period");
      assertProblem(400, app.delete(API + daily + "/members/keep?period=" + otherKind, KEY), "period");
    }
    assertEquals(before, state(daily));

    String never = "bad-periods-never";
    score(never, "keep", 5, "set");
    Reply r = app.get(API + never + "/top?period=2026-11-29", KEY);
    assertProblem(400, r, "period");
    assertTrue(r.json().getString("detail").contains("resets never"), r.toString());
    assertProblem(400, app.delete(API + never + "/members/keep?period=2026-11", KEY), "period");
    assertEquals(List.of("keep"), members(top(never, "")));

    for (String body : List.of("{\"reset\":\"hourly\"}", "{\"reset\":\"Daily\"}", "{}", "{\"reset\":1}",
        "{\"reset\":\"weekly\",\"at\":\"monday\"}")) {
      Reply bad = app.send("PUT", API + daily, body, KEY, Map.of());
      assertEquals(400, bad.status(), body + " -> " + bad);
    }
    assertEquals("daily", app.get(API + daily, KEY).json().getString("reset"));
  }

  // ---------------------------------------------------------------- periodic boards

  @Test
  void aDailyBoardWritesTodaysPeriodWhichExpiresAndKeepsOldOnesReadable() {
    String board = "daily";
    JsonObject settings = configure(board, "daily");
    LocalDate today = redisToday();
    assertEquals(today.toString(), settings.getString("period"), settings.toString());
    assertEquals("daily", settings.getString("reset"));

    Reply written = score(board, "early", 7, "set");
    assertEquals(today.toString(), written.json().getString("period"), written.toString());
    score(board, "late", 7, "set");
    assertEquals(List.of("early", "late"), members(top(board, "")));
    assertEquals(top(board, ""), top(board, "?period=" + today));
    assertEquals(today.toString(), top(board, "").getString("period"));
    assertEquals(today.toString(), member(board, "late", "").getString("period"));

    long retentionMs = TimeUnit.DAYS.toMillis(app.app().config().leaderboards().retentionDailyDays());
    long untilTomorrowMs = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - redisNowMs();
    for (String key : List.of(entryKey(board, "scores", today.toString()), entryKey(board, "reached", today.toString()))) {
      long ttl = pttl(key);
      assertTrue(ttl > retentionMs && ttl <= untilTomorrowMs + retentionMs + 1000,
          key + " expires a retention after the day ends: " + ttl);
    }
    assertEquals(-1L, pttl(app.prefix() + "leaderboard:{" + board + "}:settings"), "settings are durable");

    // an earlier day: today's keys, moved to yesterday's names (same hash tag, so RENAME works on a cluster)
    String yesterday = today.minusDays(1).toString();
    rename(entryKey(board, "scores", today.toString()), entryKey(board, "scores", yesterday));
    rename(entryKey(board, "reached", today.toString()), entryKey(board, "reached", yesterday));
    JsonObject current = top(board, "");
    assertEquals(0L, current.getLong("size"));
    JsonObject old = top(board, "?period=" + yesterday);
    assertEquals(yesterday, old.getString("period"));
    assertEquals(List.of("early", "late"), members(old));
    assertEquals(1L, member(board, "late", "?period=" + yesterday).getLong("rank"));
    assertProblem(404, app.get(API + board + "/members/late", KEY), null);

    // today's board starts empty; a removal from yesterday's needs the period
    assertWritten(score(board, "late", 1, "incr"), "late", 1, 0, true);
    assertEquals(204, app.delete(API + board + "/members/early?period=" + yesterday, KEY).status());
    assertEquals(List.of("late"), members(top(board, "?period=" + yesterday)));
    assertEquals(List.of("late"), members(top(board, "")));
    assertEquals(7L, member(board, "late", "?period=" + yesterday).getLong("score"));
  }

  @Test
  void weeklyAndMonthlyBoardsUseIsoWeeksAndMonths() {
    LocalDate today = redisToday();
    String week = String.format("%04d-W%02d", today.get(IsoFields.WEEK_BASED_YEAR),
        today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    String month = today.toString().substring(0, 7);

    assertEquals(week, configure("weekly", "weekly").getString("period"));
    assertEquals(week, score("weekly", "w", 1, "set").json().getString("period"));
    assertEquals(List.of("w"), members(top("weekly", "?period=" + week)));
    long nextMonday = today.with(TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).atStartOfDay()
        .toInstant(ZoneOffset.UTC).toEpochMilli();
    long weeklyRetention = TimeUnit.DAYS.toMillis(app.app().config().leaderboards().retentionWeeklyDays());
    long ttl = pttl(entryKey("weekly", "scores", week));
    assertTrue(ttl > weeklyRetention && ttl <= nextMonday - redisNowMs() + weeklyRetention + 1000, "weekly TTL " + ttl);

    assertEquals(month, configure("monthly", "monthly").getString("period"));
    assertEquals(month, score("monthly", "m", 1, "set").json().getString("period"));
    assertEquals(List.of("m"), members(top("monthly", "?period=" + month)));
    long nextMonth = today.with(TemporalAdjusters.firstDayOfNextMonth()).atStartOfDay()
        .toInstant(ZoneOffset.UTC).toEpochMilli();
    long monthlyRetention = TimeUnit.DAYS.toMillis(app.app().config().leaderboards().retentionMonthlyDays());
    ttl = pttl(entryKey("monthly", "scores", month));
    assertTrue(ttl > monthlyRetention && ttl <= nextMonth - redisNowMs() + monthlyRetention + 1000, "monthly TTL " + ttl);
  }

  @Test
  void settingsAreDurableAndChangingTheResetKeepsEachKindsEntries() {
    String board = "switch";
    JsonObject fresh = app.get(API + board, KEY).json();
    assertEquals(new JsonObject().put("board", board).put("reset", "never").put("size", 0), fresh);
    score(board, "forever", 9, "set");
    assertEquals(-1L, pttl(entryKey(board, "scores", "")), "a board that never resets is durable");

    JsonObject daily = configure(board, "daily");
    assertEquals(0L, daily.getLong("size"), "the day's board starts empty");
    score(board, "today", 1, "set");
    assertEquals(List.of("today"), members(top(board, "")));
    assertEquals(new JsonObject().put("board", board).put("reset", "daily").put("period", redisToday().toString())
        .put("size", 1), app.get(API + board, KEY).json());

    JsonObject never = configure(board, "never");
    assertEquals(new JsonObject().put("board", board).put("reset", "never").put("size", 1), never);
    assertEquals(List.of("forever"), members(top(board, "")));
  }

  // ---------------------------------------------------------------- events and access

  @Test
  void changesArePublishedOnTheBoardsChannel() {
    String board = "events";
    List<String> events = new CopyOnWriteArrayList<>();
    try (Listener listener = listen(app.prefix() + "leaderboard:{" + board + "}", events)) {
      score(board, "a", 10, "set");
      score(board, "a", 10, "set");
      score(board, "a", 5, "best");
      score(board, "b", 2.5, "incr");
      app.delete(API + board + "/members/b", KEY);
      app.delete(API + board + "/members/b", KEY);
      configure(board + "-daily", "daily");
      score(board + "-daily", "c", 1, "set");
      // Pub/Sub keeps order: once the last write's event is in, every earlier one is
      score(board, "last", 0, "set");
      await("events").atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("\"last\"")));
      assertEquals(List.of(
          new JsonObject().put("board", board).put("member", "a").put("score", 10).put("rank", 0),
          new JsonObject().put("board", board).put("member", "b").put("score", 2.5).put("rank", 1),
          new JsonObject().put("board", board).put("member", "b").put("removed", true),
          new JsonObject().put("board", board).put("member", "last").put("score", 0).put("rank", 1)),
          events.stream().map(JsonObject::new).toList(), "only changes are published, on the board's channel");
    }
    List<String> periodic = new CopyOnWriteArrayList<>();
    try (Listener listener = listen(app.prefix() + "leaderboard:{" + board + "-daily}", periodic)) {
      score(board + "-daily", "c", 2, "set");
      await("event").atMost(WAIT).until(() -> !periodic.isEmpty());
      assertEquals(new JsonObject().put("board", board + "-daily").put("member", "c").put("score", 2).put("rank", 0)
          .put("period", redisToday().toString()), new JsonObject(periodic.get(0)));
    }
  }

  @Test
  void usersMayReadAndOnlyServicesWrite() {
    String board = "access";
    score(board, "u", 1, "set");
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "u"), KEY).json().getString("token");
    assertEquals(200, app.get(API + board + "/top", token).status());
    assertEquals(200, app.get(API + board + "/members/u?around=1", token).status());
    assertEquals(200, app.get(API + board, token).status());
    assertEquals(403, score(app, board, "u", 100, "set", token).status());
    assertEquals(403, app.delete(API + board + "/members/u", token).status());
    assertEquals(403, app.put(API + board, new JsonObject().put("reset", "daily"), token).status());
    assertEquals(401, app.get(API + board + "/top", null).status());
    assertEquals(401, score(app, board, "u", 100, "set", null).status());
    assertEquals(200, score(app, board, "u", 2, "set", TestApp.ADMIN_KEY).status());
    assertEquals(2L, member(board, "u", "").getLong("score"));
  }

  // ---------------------------------------------------------------- helpers

  static Reply score(String board, String member, double score, String mode) {
    return score(app, board, member, score, mode);
  }

  static Reply score(TestApp on, String board, String member, double score, String mode) {
    return score(on, board, member, score, mode, KEY);
  }

  static Reply score(TestApp on, String board, String member, double score, String mode, String token) {
    JsonObject body = new JsonObject().put("member", member).put("score", Scores.json(score));
    if (mode != null) {
      body.put("mode", mode);
    }
    return on.post(API + board + "/scores", body, token);
  }

  static Reply raw(String board, String body) {
    return app.send("POST", API + board + "/scores", body, KEY, Map.of());
  }

  static JsonObject configure(String board, String reset) {
    Reply r = app.put(API + board, new JsonObject().put("reset", reset), KEY);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static JsonObject top(String board, String query) {
    return top(app, board, query);
  }

  static JsonObject top(TestApp on, String board, String query) {
    Reply r = on.get(API + board + "/top" + query, KEY);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static JsonObject member(String board, String member, String query) {
    return member(app, board, member, query);
  }

  static JsonObject member(TestApp on, String board, String member, String query) {
    Reply r = on.get(API + board + "/members/" + member + query, KEY);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static List<String> members(JsonObject page) {
    return members(page.getJsonArray("entries"));
  }

  static List<String> members(JsonArray entries) {
    return entries.stream().map(e -> ((JsonObject) e).getString("member")).toList();
  }

  static List<Long> ranks(JsonObject page) {
    return ranks(page.getJsonArray("entries"));
  }

  static List<Long> ranks(JsonArray entries) {
    return entries.stream().map(e -> ((JsonObject) e).getLong("rank")).toList();
  }

  static void assertWritten(Reply r, String member, double score, long rank, boolean changed) {
    assertEquals(200, r.status(), r.toString());
    JsonObject json = r.json();
    assertEquals(member, json.getString("member"), r.toString());
    assertEquals(score, json.getDouble("score"), r.toString());
    assertEquals(rank, json.getLong("rank"), r.toString());
    assertEquals(changed, json.getBoolean("changed"), r.toString());
  }

  static void assertProblem(int status, Reply r, String field) {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.contentType(), r.toString());
    if (field != null) {
      JsonArray errors = r.json().getJsonArray("errors");
      assertTrue(errors != null && errors.stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
          "an error on " + field + ": " + r);
    } else {
      assertNull(r.json().getJsonArray("errors"), r.toString());
    }
  }

  /** Every key of the board with its type, TTL and content: what "nothing was written" compares. */
  static Map<String, String> state(String board) {
    Map<String, String> state = new TreeMap<>();
    try (RespClient client = redis.client()) {
      for (String key : client.scan(app.prefix() + "leaderboard:{" + board + "}*")) {
        String type = client.string("TYPE", key);
        Object content = switch (type) {
          case "zset" -> client.call("ZRANGE", key, "0", "-1", "WITHSCORES");
          case "hash" -> new TreeMap<>(pairs(client.list("HGETALL", key)));
          default -> type;
        };
        state.put(key, type + " ttl=" + (client.number("PTTL", key) > 0) + " " + content);
      }
    }
    return state;
  }

  private static Map<String, Object> pairs(List<Object> flat) {
    Map<String, Object> map = new TreeMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put(flat.get(i).toString(), flat.get(i + 1));
    }
    return map;
  }

  static String entryKey(String board, String kind, String period) {
    return app.prefix() + "leaderboard:{" + board + "}:" + kind + (period.isEmpty() ? "" : ":" + period);
  }

  static long pttl(String key) {
    return (Long) redis.call("PTTL", key);
  }

  static void rename(String from, String to) {
    assertEquals("OK", redis.call("RENAME", from, to));
  }

  /** Redis' clock, which decides the current period. */
  static long redisNowMs() {
    List<?> time = (List<?>) redis.call("TIME");
    return Long.parseLong(time.get(0).toString()) * 1000 + Long.parseLong(time.get(1).toString()) / 1000;
  }

  static LocalDate redisToday() {
    return LocalDate.ofInstant(Instant.ofEpochMilli(redisNowMs()), ZoneOffset.UTC);
  }

  /** A subscription of the test's own, so events are checked without the server's subscriber. */
  interface Listener extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * SUBSCRIBE on one node through a client of the test's own: a plain PUBLISH reaches the subscribers of
   * every node of a cluster, so one node is enough there too.
   */
  /** Listens through the app's own subscriber: sharded (SSUBSCRIBE on the channel's master) on a Redis 7 cluster. */
  static Listener listen(String channel, List<String> messages) {
    RedisSubscriber.Subscription s = app.app().platform().subscriber().subscribe(channel, (c, m) -> messages.add(m));
    s.active().toCompletionStage().toCompletableFuture().join();
    return s::cancel;
  }
}
