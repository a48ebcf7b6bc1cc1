package io.redwire.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Recording visits, exact and approximate counts, retention TTLs and input validation. */
@RedwireTest
@OnEveryTopology
class VisitorIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final long RETENTION_MS = TimeUnit.DAYS.toMillis(90);
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static Reply visit(String visitor, String day) {
    JsonObject body = new JsonObject().put("visitor", visitor);
    if (day != null) {
      body.put("day", day);
    }
    return app.post("/api/v1/visits", body, KEY);
  }

  @Test
  void countsDistinctVisitorsPerDayExactly() {
    assertEquals(204, visit("user:1", "2026-03-01").status());
    assertEquals(204, visit("user:1", "2026-03-01").status());
    assertEquals(204, visit("user:2", "2026-03-01").status());
    assertEquals(204, visit("user:1", "2026-03-02").status());
    assertEquals(new JsonObject().put("day", "2026-03-01").put("count", 2),
        app.get("/api/v1/visitors/2026-03-01", KEY).json());
    assertEquals(1L, app.get("/api/v1/visitors/2026-03-02", KEY).json().getLong("count"));
    assertEquals(0L, app.get("/api/v1/visitors/2026-03-03", KEY).json().getLong("count"));
    Reply approx = app.get("/api/v1/visitors/2026-03-01?approximate=true", KEY);
    assertEquals(new JsonObject().put("day", "2026-03-01").put("count", 2).put("approximate", true), approx.json());
  }

  @Test
  void dayDefaultsToTodayInUtc() {
    LocalDate before = LocalDate.now(ZoneOffset.UTC);
    assertEquals(204, visit("today-visitor", null).status());
    LocalDate after = LocalDate.now(ZoneOffset.UTC);
    long count = app.get("/api/v1/visitors/" + after, KEY).json().getLong("count")
        + (before.equals(after) ? 0 : app.get("/api/v1/visitors/" + before, KEY).json().getLong("count"));
    assertEquals(1L, count);
  }

  @Test
  void bothDayKeysCarryTheRetentionTtl() {
    visit("ttl-visitor", "2026-03-10");
    for (String key : List.of(app.prefix() + "visitors:{days}:2026-03-10", app.prefix() + "visitors:{days}:2026-03-10:hll")) {
      long ttl = redis.client().number("PTTL", key);
      assertTrue(ttl > RETENTION_MS - 60_000 && ttl <= RETENTION_MS, key + " PTTL " + ttl);
    }
    assertEquals("set", redis.client().string("TYPE", app.prefix() + "visitors:{days}:2026-03-10"));
  }

  @Test
  void hyperLogLogEstimatesStayCloseToExactCounts() throws Exception {
    // 1500 visitors on each of two days, 750 of them on both: 2250 distinct over the two days.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String a = "hll:" + i;
      String b = "hll:" + (i + 750);
      replies.add(pool.submit(() -> visit(a, "2026-05-01")));
      replies.add(pool.submit(() -> visit(b, "2026-05-02")));
    }
    for (Future<Reply> r : replies) {
      assertEquals(204, r.get().status());
    }
    pool.shutdown();
    assertEquals(1500L, app.get("/api/v1/visitors/2026-05-01", KEY).json().getLong("count"));
    long approxDay = app.get("/api/v1/visitors/2026-05-01?approximate=true", KEY).json().getLong("count");
    assertWithin(1500, approxDay, 0.03);
    Reply unique = app.get("/api/v1/visitors/unique?from=2026-05-01&to=2026-05-02", KEY);
    assertEquals(200, unique.status(), unique.toString());
    assertEquals("2026-05-01", unique.json().getString("from"));
    assertEquals("2026-05-02", unique.json().getString("to"));
    assertEquals(true, unique.json().getBoolean("approximate"));
    assertWithin(2250, unique.json().getLong("count"), 0.03);
    // days without visits add nothing
    long wider = app.get("/api/v1/visitors/unique?from=2026-04-20&to=2026-05-10", KEY).json().getLong("count");
    assertEquals(unique.json().getLong("count"), wider);
  }

  @Test
  void uniqueRangeIsBoundedByRetention() {
    assertEquals(200, app.get("/api/v1/visitors/unique?from=2026-01-01&to=2026-03-31", KEY).status(), "90 days");
    Reply tooWide = app.get("/api/v1/visitors/unique?from=2026-01-01&to=2026-04-01", KEY);
    assertEquals(400, tooWide.status(), "91 days");
    assertEquals("to", tooWide.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void rejectsBadVisitsWithoutWriting() {
    String[] bodies = {
        "{}",
        "{\"visitor\": \"bad name\"}",
        "{\"visitor\": \"" + "x".repeat(129) + "\"}",
        "{\"visitor\": 42}",
        "{\"visitor\": \"bad:day\", \"day\": \"2026-02-30\"}",
        "{\"visitor\": \"bad:day\", \"day\": \"yesterday\"}",
        "{\"visitor\": \"bad:day\", \"day\": \"2026-4-1\"}",
        "{\"visitor\": \"bad:day\", \"day\": 20260401}",
        "{\"visitor\": \"bad:field\", \"day\": \"2026-06-01\", \"when\": \"now\"}",
        "[\"bad:array\"]",
    };
    for (String body : bodies) {
      Reply r = app.send("POST", "/api/v1/visits", body, KEY, Map.of());
      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
    }
    assertEquals(List.of(), redis.client().scan(app.prefix() + "visitors:{days}:2026-06-01*"));
    assertEquals(List.of(), redis.client().scan(app.prefix() + "visitors:{days}:2026-02-*"),
        "the bad day wrote nothing");
  }

  @Test
  void rejectsBadQueries() {
    String[] paths = {
        "/api/v1/visitors/2026-02-30",
        "/api/v1/visitors/yesterday",
        "/api/v1/visitors/2026-04-01?approximate=maybe",
        "/api/v1/visitors/unique?from=2026-04-02&to=2026-04-01",
        "/api/v1/visitors/unique?from=2026-04-01",
        "/api/v1/visitors/unique?from=2026-04-01&to=tomorrow",
        "/api/v1/visitors/returning?from=2026-04-02&to=2026-04-01",
        "/api/v1/visitors/returning?to=2026-04-01",
        "/api/v1/visitors/returning?from=2026-04-01&to=2026-04-02&limit=0",
        "/api/v1/visitors/returning?from=2026-04-01&to=2026-04-02&limit=1001",
        "/api/v1/visitors/returning?from=2026-04-01&to=2026-04-02&limit=ten",
        "/api/v1/visitors/returning?from=2026-01-01&to=2026-04-01",
        "/api/v1/visitors/new?previous=2026-04-01",
        "/api/v1/visitors/new?day=2026-04-31",
        "/api/v1/visitors/new?day=2026-04-02&previous=2026-04-02",
        "/api/v1/visitors/new?day=2026-04-02&previous=2026-04-03",
        "/api/v1/visitors/new?day=2026-04-02&limit=1001",
    };
    for (String path : paths) {
      Reply r = app.get(path, KEY);
      assertEquals(400, r.status(), path + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
    }
  }

  @Test
  void sessionUsersMayNotRecordOrReadVisits() {
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), KEY).json().getString("token");
    assertEquals(403, app.post("/api/v1/visits", new JsonObject().put("visitor", "user:42"), token).status());
    assertEquals(403, app.get("/api/v1/visitors/2026-03-01", token).status());
  }

  private static void assertWithin(long exact, long estimate, double tolerance) {
    assertTrue(Math.abs(estimate - exact) <= exact * tolerance,
        "estimate " + estimate + " is not within " + (tolerance * 100) + "% of " + exact);
  }
}
