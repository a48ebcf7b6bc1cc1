package io.redwire.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/ratelimit/check, the sliding window other services check their own keys against, on one
 * Redis and on a three-master cluster (the script runs on the node that owns its key). Time is never measured here: bounds on {@code resetMs} come from
 * Redis' own clock (TIME before and after a call) and the call times the window holds.
 */
@RedwireTest
@OnEveryTopology
class RateLimitCheckIT {

  static final String SERVICE = TestApp.SERVICE_KEY;
  static final String PATH = "/api/v1/ratelimit/check";
  static final long MINUTE = 60_000;

  static JsonObject body(String key, long limit, long windowMs) {
    return new JsonObject().put("key", key).put("limit", limit).put("windowMs", windowMs);
  }

  static JsonObject check(TestApp app, JsonObject body) {
    Reply r = app.post(PATH, body, SERVICE);
    assertEquals(200, r.status(), r.toString());
    assertEquals("application/json", r.contentType());
    return r.json();
  }

  static String windowKey(TestApp app, String key, long windowMs) {
    return app.prefix() + "ratelimit:check:{" + key + "}:w" + windowMs;
  }

  /** Redis' clock in milliseconds, the one the script reads. */
  static long redisMillis(TestRedis redis) {
    List<?> time = (List<?>) redis.call("TIME");
    return Long.parseLong(time.get(0).toString()) * 1000 + Long.parseLong(time.get(1).toString()) / 1000;
  }

  /** The time (ms) of the oldest call the window counts. */
  static long oldestCall(TestRedis redis, String windowKey) {
    List<?> oldest = (List<?>) redis.call("ZRANGEBYSCORE", windowKey, "(0", "+inf", "WITHSCORES", "LIMIT", "0", "1");
    assertEquals(2, oldest.size(), "the window counts a call");
    return Long.parseLong(oldest.get(1).toString());
  }

  /** The calls the window counts (the set's one bookkeeping member, scored <= 0, is not one). */
  static long countedCalls(TestRedis redis, String windowKey) {
    return (Long) redis.call("ZCOUNT", windowKey, "(0", "+inf");
  }

  static Object contents(TestRedis redis, String windowKey) {
    return redis.call("ZRANGE", windowKey, "0", "-1", "WITHSCORES");
  }

  /** A check whose resetMs must be when the oldest counted call leaves: oldest + window - now, now within [before, after]. */
  static JsonObject checkAndBoundReset(TestRedis redis, TestApp app, JsonObject body) {
    long before = redisMillis(redis);
    JsonObject reply = check(app, body);
    long after = redisMillis(redis);
    long window = body.getLong("windowMs");
    long oldest = oldestCall(redis, windowKey(app, body.getString("key"), window));
    long resetMs = reply.getLong("resetMs");
    assertTrue(resetMs >= oldest + window - after && resetMs <= oldest + window - before,
        "resetMs " + resetMs + " is when the oldest call (at " + oldest + ") leaves a " + window
            + " ms window, seen between " + before + " and " + after);
    assertTrue(resetMs >= 1 && resetMs <= window, "resetMs within the window: " + resetMs);
    return reply;
  }

  @Test
  void countsRemainingDownExactlyAndTellsWhenTheOldestCallLeaves(TestRedis redis, TestApp app) {
    JsonObject body = body("user:42", 5, MINUTE);
    // the first call is the oldest one: it leaves the window a whole window from now
    assertEquals(new JsonObject().put("allowed", true).put("remaining", 4).put("resetMs", MINUTE), check(app, body));
    for (long left = 3; left >= 0; left--) {
      JsonObject r = checkAndBoundReset(redis, app, body);
      assertTrue(r.getBoolean("allowed"), r.encode());
      assertEquals(left, r.getLong("remaining"));
    }
    assertEquals(5, countedCalls(redis, windowKey(app, "user:42", MINUTE)));
  }

  @Test
  void deniesAtTheLimitWithoutConsumingAnything(TestRedis redis, TestApp app) {
    JsonObject body = body("denied", 3, MINUTE);
    for (int i = 0; i < 3; i++) {
      assertTrue(check(app, body).getBoolean("allowed"));
    }
    String key = windowKey(app, "denied", MINUTE);
    Object before = contents(redis, key);
    long ttl = redis.client().number("PTTL", key);
    for (int i = 0; i < 5; i++) {
      JsonObject r = checkAndBoundReset(redis, app, body);
      assertFalse(r.getBoolean("allowed"), r.encode());
      assertEquals(0, r.getLong("remaining"));
    }
    assertEquals(before, contents(redis, key), "denials add nothing");
    assertEquals(3, countedCalls(redis, key));
    assertTrue(redis.client().number("PTTL", key) <= ttl, "denials do not extend the key's life");
  }

  @Test
  void admitsAgainOnlyOnceTheOldestCallHasLeftTheWindow(TestRedis redis, TestApp app) {
    long window = 1_000;
    JsonObject body = body("slides", 2, window);
    String key = windowKey(app, "slides", window);
    assertTrue(check(app, body).getBoolean("allowed"));
    long firstCall = oldestCall(redis, key);
    assertTrue(check(app, body).getBoolean("allowed"));
    assertFalse(check(app, body).getBoolean("allowed"));
    JsonObject[] admitted = new JsonObject[1];
    await("the window to slide past the first call").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          admitted[0] = check(app, body);
          return admitted[0].getBoolean("allowed");
        });
    long after = redisMillis(redis);
    assertTrue(after >= firstCall + window, "admitted no earlier than the first call left the window");
    long remaining = admitted[0].getLong("remaining");
    assertTrue(remaining == 0 || remaining == 1, admitted[0].encode());
    assertEquals(2 - remaining, countedCalls(redis, key), "remaining is what the window's calls leave");
  }

  @Test
  void aCallSpendsItsCostAndACostAboveWhatRemainsIsDeniedForFree(TestRedis redis, TestApp app) {
    String key = windowKey(app, "costs", MINUTE);
    JsonObject seven = check(app, body("costs", 10, MINUTE).put("cost", 7));
    assertEquals(new JsonObject().put("allowed", true).put("remaining", 3).put("resetMs", MINUTE), seven);
    Object before = contents(redis, key);
    JsonObject five = checkAndBoundReset(redis, app, body("costs", 10, MINUTE).put("cost", 5));
    assertFalse(five.getBoolean("allowed"));
    assertEquals(3, five.getLong("remaining"), "a denied cost leaves what remained");
    assertEquals(before, contents(redis, key));
    JsonObject three = checkAndBoundReset(redis, app, body("costs", 10, MINUTE).put("cost", 3));
    assertTrue(three.getBoolean("allowed"));
    assertEquals(0, three.getLong("remaining"));
    JsonObject one = checkAndBoundReset(redis, app, body("costs", 10, MINUTE));
    assertFalse(one.getBoolean("allowed"));
    assertEquals(0, one.getLong("remaining"));

    JsonObject whole = check(app, body("whole", 10, MINUTE).put("cost", 10));
    assertEquals(new JsonObject().put("allowed", true).put("remaining", 0).put("resetMs", MINUTE), whole);
  }

  @Test
  void concurrentCallersNeverGetPastTheLimit(TestRedis redis, TestApp app) throws Exception {
    JsonObject body = body("crowd", 50, MINUTE);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<JsonObject>> replies = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        replies.add(pool.submit(() -> check(app, body)));
      }
      List<Long> remainingOfAllowed = new ArrayList<>();
      for (Future<JsonObject> f : replies) {
        JsonObject r = f.get();
        if (r.getBoolean("allowed")) {
          remainingOfAllowed.add(r.getLong("remaining"));
        } else {
          assertEquals(0, r.getLong("remaining"), r.encode());
        }
      }
      remainingOfAllowed.sort(null);
      assertEquals(LongStream.range(0, 50).boxed().toList(), remainingOfAllowed,
          "exactly 50 admitted, each seeing its own remaining");
    } finally {
      pool.shutdownNow();
    }
    // calls in the same millisecond (or microsecond) are separate members: none overwrote another
    assertEquals(50, countedCalls(redis, windowKey(app, "crowd", MINUTE)));
  }

  /**
   * A burst that left the window at once is dropped in batches and its costs given back exactly. The
   * window is written directly, in the script's format ("<cost>@<micros>" scored by ms, "used" = -sum):
   * 2,500 calls from two windows ago and 10 from now.
   */
  @Test
  void aBurstThatLeftTheWindowIsDroppedAndItsCostGivenBack(TestRedis redis, TestApp app) {
    String key = windowKey(app, "burst", MINUTE);
    long now = redisMillis(redis);
    List<String> zadd = new ArrayList<>(List.of("ZADD", key));
    for (int i = 0; i < 2_500; i++) {
      zadd.add(String.valueOf(now - 2 * MINUTE + i % 50));
      zadd.add("2@" + (now - 2 * MINUTE) + String.format("%06d", i));
    }
    for (int i = 0; i < 10; i++) {
      zadd.add(String.valueOf(now));
      zadd.add("3@" + now + String.format("%06d", i));
    }
    zadd.add(String.valueOf(-(2_500 * 2 + 10 * 3)));
    zadd.add("used");
    redis.call(zadd.toArray(String[]::new));
    redis.call("PEXPIRE", key, String.valueOf(MINUTE));

    JsonObject r = check(app, body("burst", 100, MINUTE));
    assertTrue(r.getBoolean("allowed"), r.encode());
    assertEquals(100 - 10 * 3 - 1, r.getLong("remaining"), "only the 10 recent calls and this one count");
    assertEquals(11, countedCalls(redis, key));
  }

  @Test
  void eachWindowLengthOfAKeyIsItsOwnLimit(TestApp app) {
    assertTrue(check(app, body("two-windows", 1, MINUTE)).getBoolean("allowed"));
    assertFalse(check(app, body("two-windows", 1, MINUTE)).getBoolean("allowed"));
    // a per-second limit next to the per-minute one: neither trims or counts the other's calls
    assertTrue(check(app, body("two-windows", 1, 1_000)).getBoolean("allowed"));
    assertFalse(check(app, body("two-windows", 1, MINUTE)).getBoolean("allowed"));
    assertTrue(check(app, body("other-key", 1, MINUTE)).getBoolean("allowed"));
  }

  @Test
  void theKeyLivesAsLongAsItsNewestCallCounts(TestRedis redis, TestApp app) {
    check(app, body("ttl", 3, MINUTE));
    long ttl = redis.client().number("PTTL", windowKey(app, "ttl", MINUTE));
    assertTrue(ttl > 0 && ttl <= MINUTE, "the window as TTL, was " + ttl);

    String idle = windowKey(app, "idle", 200);
    assertEquals(2, check(app, body("idle", 3, 200)).getLong("remaining"));
    await("an idle key to vanish").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> redis.call("EXISTS", idle).equals(0L));
    JsonObject fresh = check(app, body("idle", 3, 200));
    assertEquals(2, fresh.getLong("remaining"), "a vanished window starts empty");
  }

  @Test
  void rejectsBadInputWithProblemsAndWritesNothing(TestRedis redis, TestApp app) {
    String ok = "\"key\": \"bad-input\", \"limit\": 10, \"windowMs\": 1000";
    String[][] cases = {
        {"{}", "key"},
        {"", "limit"},
        {"{\"limit\": 10, \"windowMs\": 1000}", "key"},
        {"{\"key\": \"bad key\", \"limit\": 10, \"windowMs\": 1000}", "key"},
        {"{\"key\": \"bad" + "k".repeat(126) + "\", \"limit\": 10, \"windowMs\": 1000}", "key"},
        {"{\"key\": \"..\", \"limit\": 10, \"windowMs\": 1000}", "key"},
        {"{\"key\": 42, \"limit\": 10, \"windowMs\": 1000}", "key"},
        {"{\"key\": \"bad-input\", \"windowMs\": 1000}", "limit"},
        {"{\"key\": \"bad-input\", \"limit\": 0, \"windowMs\": 1000}", "limit"},
        {"{\"key\": \"bad-input\", \"limit\": 1000001, \"windowMs\": 1000}", "limit"},
        {"{\"key\": \"bad-input\", \"limit\": 1.5, \"windowMs\": 1000}", "limit"},
        {"{\"key\": \"bad-input\", \"limit\": \"10\", \"windowMs\": 1000}", "limit"},
        {"{\"key\": \"bad-input\", \"limit\": 10}", "windowMs"},
        {"{\"key\": \"bad-input\", \"limit\": 10, \"windowMs\": 0}", "windowMs"},
        {"{\"key\": \"bad-input\", \"limit\": 10, \"windowMs\": 86400001}", "windowMs"},
        {"{" + ok + ", \"cost\": 0}", "cost"},
        {"{" + ok + ", \"cost\": 11}", "cost"},
        {"{" + ok + ", \"cost\": 2.5}", "cost"},
        {"{" + ok + ", \"burst\": 5}", "burst"},
        {"[1]", "body"},
        {"{not json", "body"},
    };
    for (String[] c : cases) {
      Reply r = app.send("POST", PATH, c[0], SERVICE, Map.of());
      assertEquals(400, r.status(), c[0] + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
      JsonObject problem = r.json();
      assertEquals(400, problem.getInteger("status"));
      assertEquals("Bad Request", problem.getString("title"));
      assertTrue(problem.getJsonArray("errors").stream().anyMatch(e -> c[1].equals(((JsonObject) e).getString("field"))),
          c[0] + " names " + c[1] + ": " + problem.encode());
    }
    Reply form = app.send("POST", PATH, "key=bad-input&limit=10&windowMs=1000", SERVICE,
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals(415, form.status());
    List<String> written = redis.client().scan(app.prefix() + "ratelimit:check:*").stream()
        .filter(k -> k.contains("bad") || k.contains("{..}") || k.contains("{42}")).toList();
    assertEquals(List.of(), written, "nothing was written");
  }

  @Test
  void onlyServicesAndAdminsMayCheck(TestRedis redis, TestApp app) {
    String session = app.post("/api/v1/sessions", new JsonObject().put("userId", "checker"), SERVICE)
        .json().getString("token");
    JsonObject body = body("guarded", 2, MINUTE);
    Reply anonymous = app.post(PATH, body, null);
    assertEquals(401, anonymous.status());
    assertEquals("application/problem+json", anonymous.contentType());
    assertEquals(401, app.post(PATH, body, "not-a-known-token-0123456789").status());
    Reply user = app.post(PATH, body, session);
    assertEquals(403, user.status());
    assertEquals("application/problem+json", user.contentType());
    assertEquals(List.of(), redis.client().scan(app.prefix() + "ratelimit:check:*guarded*"), "refused calls count nothing");
    assertEquals(1, check(app, body).getLong("remaining"));
    Reply admin = app.post(PATH, body, TestApp.ADMIN_KEY);
    assertEquals(200, admin.status());
    assertEquals(0, admin.json().getLong("remaining"));
  }
}
