package io.redwire.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Returning (intersection) and new (difference) visitors: exact counts, lists capped by limit. Run once
 * per Redis version, because 7.0+ counts with SINTERCARD and 6.2 builds the result set instead.
 *
 * <p>Data: day 1 has v000..v299, day 2 v100..v399, day 3 v150..v449.
 */
abstract class VisitorSetAlgebraIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final String DAY1 = "2026-04-01";
  static final String DAY2 = "2026-04-02";
  static final String DAY3 = "2026-04-03";
  static TestRedis redis;
  static TestApp app;

  /** Each subclass's {@code @BeforeAll} hands over the Redis and app of its {@code @RedwireTest}: records the data. */
  static void startWith(TestRedis server, TestApp testApp) {
    redis = server;
    app = testApp;
    record(DAY1, 0, 300);
    record(DAY2, 100, 400);
    record(DAY3, 150, 450);
  }

  /** Whether this server should have taken the SINTERCARD path. */
  abstract boolean hasSintercard();

  private static void record(String day, int from, int to) {
    for (int i = from; i < to; i++) {
      Reply r = app.post("/api/v1/visits", new JsonObject().put("visitor", visitor(i)).put("day", day), KEY);
      assertEquals(204, r.status(), r.toString());
    }
  }

  static String visitor(int i) {
    return String.format("v%03d", i);
  }

  static Set<String> visitors(int from, int to) {
    return IntStream.range(from, to).mapToObj(VisitorSetAlgebraIT::visitor).collect(Collectors.toSet());
  }

  static Set<String> listed(JsonObject reply) {
    List<String> list = reply.getJsonArray("visitors").stream().map(Object::toString).toList();
    Set<String> set = new HashSet<>(list);
    assertEquals(list.size(), set.size(), "no visitor is listed twice: " + list);
    return set;
  }

  @Test
  void returningVisitorsAreTheIntersectionWithAnExactCount() {
    Reply all = app.get("/api/v1/visitors/returning?from=" + DAY1 + "&to=" + DAY2 + "&limit=1000", KEY);
    assertEquals(200, all.status(), all.toString());
    assertEquals(200L, all.json().getLong("count"));
    assertEquals(visitors(100, 300), listed(all.json()));

    Reply three = app.get("/api/v1/visitors/returning?from=" + DAY1 + "&to=" + DAY3 + "&limit=1000", KEY);
    assertEquals(150L, three.json().getLong("count"));
    assertEquals(visitors(150, 300), listed(three.json()));
  }

  @Test
  void limitCapsTheListButNotTheCount() {
    JsonObject capped = app.get("/api/v1/visitors/returning?from=" + DAY1 + "&to=" + DAY3 + "&limit=25", KEY).json();
    assertEquals(150L, capped.getLong("count"));
    Set<String> listed = listed(capped);
    assertEquals(25, listed.size());
    assertTrue(visitors(150, 300).containsAll(listed), "only returning visitors are listed: " + listed);

    JsonObject byDefault = app.get("/api/v1/visitors/returning?from=" + DAY1 + "&to=" + DAY2, KEY).json();
    assertEquals(200L, byDefault.getLong("count"));
    assertEquals(100, listed(byDefault).size(), "default limit");

    JsonObject newCapped = app.get("/api/v1/visitors/new?day=" + DAY2 + "&previous=" + DAY1 + "&limit=7", KEY).json();
    assertEquals(100L, newCapped.getLong("count"));
    assertEquals(7, listed(newCapped).size());
    assertTrue(visitors(300, 400).containsAll(listed(newCapped)));
  }

  @Test
  void newVisitorsAreTheDifferenceWithAnExactCount() {
    JsonObject fresh = app.get("/api/v1/visitors/new?day=" + DAY2 + "&previous=" + DAY1 + "&limit=1000", KEY).json();
    assertEquals(100L, fresh.getLong("count"));
    assertEquals(visitors(300, 400), listed(fresh));
    assertEquals(DAY2, fresh.getString("day"));
    assertEquals(DAY1, fresh.getString("previous"));

    // previous defaults to the day before
    JsonObject third = app.get("/api/v1/visitors/new?day=" + DAY3 + "&limit=1000", KEY).json();
    assertEquals(50L, third.getLong("count"));
    assertEquals(visitors(400, 450), listed(third));

    // against a day without visits, every visitor is new
    JsonObject first = app.get("/api/v1/visitors/new?day=" + DAY1 + "&limit=5", KEY).json();
    assertEquals(300L, first.getLong("count"));
    assertEquals(5, listed(first).size());
  }

  @Test
  void emptyDaysGiveEmptyResults() {
    JsonObject none = app.get("/api/v1/visitors/returning?from=2026-04-03&to=2026-04-05", KEY).json();
    assertEquals(0L, none.getLong("count"));
    assertEquals(Set.of(), listed(none));
    JsonObject single = app.get("/api/v1/visitors/returning?from=" + DAY3 + "&to=" + DAY3 + "&limit=1000", KEY).json();
    assertEquals(300L, single.getLong("count"));
    assertEquals(visitors(150, 450), listed(single));
    JsonObject noneNew = app.get("/api/v1/visitors/new?day=2026-04-10&previous=" + DAY1, KEY).json();
    assertEquals(0L, noneNew.getLong("count"));
  }

  @Test
  void countsTakeThePathOfTheServerVersion() {
    app.get("/api/v1/visitors/returning?from=" + DAY1 + "&to=" + DAY2, KEY);
    // on a cluster, the node serving the {days} tag ran it
    String stats = String.join("\n", redis.callOnEach("INFO", "commandstats").stream().map(Object::toString).toList());
    assertEquals(hasSintercard(), stats.contains("cmdstat_sintercard:"), stats);
    String server = redis.client().string("INFO", "server");
    assertTrue(server.contains(hasSintercard() ? "redis_version:7." : "redis_version:6.2"), server);
  }
}
