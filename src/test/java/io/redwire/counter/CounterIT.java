package io.redwire.counter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@RedwireTest
@OnEveryTopology
class CounterIT {

  static TestRedis redis;
  static TestApp app;
  static final String KEY = TestApp.SERVICE_KEY;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }


  @Test
  void incrementsAtomicallyUnderConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      replies.add(pool.submit(() -> app.post("/api/v1/counters/concurrent/incr", null, KEY)));
    }
    for (Future<Reply> f : replies) {
      assertEquals(200, f.get().status());
    }
    pool.shutdown();
    Reply r = app.get("/api/v1/counters/concurrent", KEY);
    assertEquals(new JsonObject().put("name", "concurrent").put("value", 200), r.json());
  }

  @Test
  void countersSpreadOverEveryMasterOfACluster() {
    assumeTrue(redis.isCluster(), "a single server holds every key");
    for (int i = 0; i < 30; i++) {
      assertEquals(200, app.post("/api/v1/counters/spread" + i + "/incr", null, KEY).status());
    }
    for (TestRedis node : redis.nodes()) {
      try (RespClient client = node.client()) {
        assertFalse(client.scan(app.prefix() + "counter:{spread*").isEmpty(), "30 counters land on every master");
      }
    }
  }

  @Test
  void incrementsBySignedAmountsAndReadsZeroWhenAbsent() {
    assertEquals(0L, app.get("/api/v1/counters/fresh", KEY).json().getLong("value"));
    assertEquals(10L, app.post("/api/v1/counters/fresh/incr", new JsonObject().put("by", 10), KEY).json().getLong("value"));
    assertEquals(-5L, app.post("/api/v1/counters/fresh/incr", new JsonObject().put("by", -15), KEY).json().getLong("value"));
    assertEquals(-5L, app.get("/api/v1/counters/fresh", KEY).json().getLong("value"));
  }

  @Test
  void overflowIsAConflictAndChangesNothing() {
    app.post("/api/v1/counters/big/incr", new JsonObject().put("by", Long.MAX_VALUE), KEY);
    Reply r = app.post("/api/v1/counters/big/incr", new JsonObject().put("by", 1), KEY);
    assertEquals(409, r.status());
    assertEquals(Long.MAX_VALUE, app.get("/api/v1/counters/big", KEY).json().getLong("value"));
  }

  /** 2^53: above it a double (a Lua number) no longer holds every integer. */
  static final long TWO_TO_53 = 1L << 53;

  /**
   * The client's own long encoding gets Long.MIN_VALUE wrong and gives some values above 2^53 a digit
   * too many (it sizes the text with a double logarithm), so these are the values to try.
   */
  static final long[] EDGE_AMOUNTS = {
      Long.MIN_VALUE, Long.MIN_VALUE + 1, -999_999_999_999_999_999L, -(TWO_TO_53 + 1),
      9_999_999_999_999_999L, 999_999_999_999_999_999L, TWO_TO_53 + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE,
  };

  @Test
  void plainCounterTakesEverySigned64BitAmount() {
    for (long by : EDGE_AMOUNTS) {
      String name = "edge-plain-" + Long.toUnsignedString(by);
      Reply r = app.post("/api/v1/counters/" + name + "/incr", new JsonObject().put("by", by), KEY);
      assertEquals(200, r.status(), by + " -> " + r);
      assertEquals(by, r.json().getLong("value"), "by " + by);
      assertEquals(by, app.get("/api/v1/counters/" + name, KEY).json().getLong("value"));
      assertEquals(String.valueOf(by), redis.call("GET", app.prefix() + "counter:{" + name + "}"));
    }
  }

  @Test
  void plainCounterOverflowBelowMinIsAConflictAndChangesNothing() {
    assertEquals(200, app.post("/api/v1/counters/floor/incr", new JsonObject().put("by", Long.MIN_VALUE), KEY).status());
    Reply r = app.post("/api/v1/counters/floor/incr", new JsonObject().put("by", -1), KEY);
    assertEquals(409, r.status(), r.toString());
    assertEquals(Long.MIN_VALUE, app.get("/api/v1/counters/floor", KEY).json().getLong("value"));
  }

  @Test
  void windowedCounterTakesEverySigned64BitAmountExactly() {
    for (long by : EDGE_AMOUNTS) {
      String name = "edge-window-" + Long.toUnsignedString(by);
      JsonObject body = new JsonObject().put("by", by).put("windowSeconds", 60);
      Reply r = app.post("/api/v1/counters/" + name + "/incr", body, KEY);
      assertEquals(200, r.status(), by + " -> " + r);
      assertEquals(by, r.json().getLong("value"), "by " + by);
      assertEquals(by, app.get("/api/v1/counters/" + name + "?windowSeconds=60", KEY).json().getLong("value"));
    }
  }

  @Test
  void windowedCounterStaysExactAcrossTwoTo53AndAtTheTop() {
    String path = "/api/v1/counters/exact-window/incr";
    JsonObject start = new JsonObject().put("by", TWO_TO_53 - 1).put("windowSeconds", 60);
    assertEquals(TWO_TO_53 - 1, app.post(path, start, KEY).json().getLong("value"));
    JsonObject one = new JsonObject().put("by", 1).put("windowSeconds", 60);
    assertEquals(TWO_TO_53, app.post(path, one, KEY).json().getLong("value"));
    assertEquals(TWO_TO_53 + 1, app.post(path, one, KEY).json().getLong("value"));
    assertEquals(TWO_TO_53 + 2, app.post(path, one, KEY).json().getLong("value"));
    JsonObject toTheTop = new JsonObject().put("by", Long.MAX_VALUE - 1 - (TWO_TO_53 + 2)).put("windowSeconds", 60);
    assertEquals(Long.MAX_VALUE - 1, app.post(path, toTheTop, KEY).json().getLong("value"));
    assertEquals(Long.MAX_VALUE, app.post(path, one, KEY).json().getLong("value"));
    assertEquals(Long.MAX_VALUE,
        app.get("/api/v1/counters/exact-window?windowSeconds=60", KEY).json().getLong("value"));
  }

  @Test
  void windowedOverflowIsAConflictAndChangesNothing() {
    String key = app.prefix() + "counter:{window-overflow}:w60";
    String path = "/api/v1/counters/window-overflow/incr";
    assertEquals(200, app.post(path, new JsonObject().put("by", Long.MAX_VALUE).put("windowSeconds", 60), KEY).status());
    long ttl = redis.client().number("PTTL", key);
    Reply up = app.post(path, new JsonObject().put("by", 1).put("windowSeconds", 60), KEY);
    assertEquals(409, up.status(), up.toString());
    assertEquals(String.valueOf(Long.MAX_VALUE), redis.call("GET", key));
    assertTrue(redis.client().number("PTTL", key) <= ttl, "the window was not extended");

    String low = "/api/v1/counters/window-underflow/incr";
    assertEquals(200, app.post(low, new JsonObject().put("by", Long.MIN_VALUE).put("windowSeconds", 60), KEY).status());
    Reply down = app.post(low, new JsonObject().put("by", -1).put("windowSeconds", 60), KEY);
    assertEquals(409, down.status(), down.toString());
    assertEquals(Long.MIN_VALUE,
        app.get("/api/v1/counters/window-underflow?windowSeconds=60", KEY).json().getLong("value"));
  }

  @Test
  void windowedCounterExpiresWithItsWindow() {
    Reply first = app.post("/api/v1/counters/win/incr", new JsonObject().put("windowSeconds", 1), KEY);
    assertEquals(200, first.status());
    assertEquals(1L, first.json().getLong("value"));
    assertEquals(1L, first.json().getLong("resetsInSeconds"));
    String key = app.prefix() + "counter:{win}:w1";
    long ttl = redis.client().number("PTTL", key);
    assertTrue(ttl > 0 && ttl <= 1000, "window key has the window as TTL, was " + ttl);
    assertEquals(2L, app.post("/api/v1/counters/win/incr", new JsonObject().put("windowSeconds", 1), KEY)
        .json().getLong("value"));
    assertEquals(2L, app.get("/api/v1/counters/win?windowSeconds=1", KEY).json().getLong("value"));
    // the plain counter of the same name is a different counter
    assertEquals(0L, app.get("/api/v1/counters/win", KEY).json().getLong("value"));
    redis.call("PEXPIRE", key, "1");
    await("the window to expire").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> redis.call("EXISTS", key).equals(0L));
    Reply next = app.post("/api/v1/counters/win/incr", new JsonObject().put("windowSeconds", 1), KEY);
    assertEquals(1L, next.json().getLong("value"), "a new window starts from zero");
  }

  @Test
  void rejectsBadInputWithoutWriting() {
    String[][] cases = {
        {"/api/v1/counters/bad%20name/incr", "{}"},
        {"/api/v1/counters/ok/incr", "{\"by\": 1.5}"},
        {"/api/v1/counters/ok/incr", "{\"by\": \"1\"}"},
        {"/api/v1/counters/ok/incr", "{\"by\": 99999999999999999999}"},
        {"/api/v1/counters/ok/incr", "{\"windowSeconds\": 0}"},
        {"/api/v1/counters/ok/incr", "{\"windowSeconds\": 2592001}"},
        {"/api/v1/counters/ok/incr", "{\"bye\": 1}"},
        {"/api/v1/counters/ok/incr", "[1]"},
        {"/api/v1/counters/ok/incr", "{not json"},
        {"/api/v1/counters/" + "x".repeat(129) + "/incr", "{}"},
    };
    for (String[] c : cases) {
      Reply r = app.send("POST", c[0], c[1], KEY, java.util.Map.of());
      assertEquals(400, r.status(), c[0] + " " + c[1] + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
      assertEquals(400, r.json().getInteger("status"));
      assertTrue(r.json().containsKey("detail"));
    }
    assertNull(redis.call("GET", app.prefix() + "counter:{ok}"), "nothing was written");
    Reply wrongType = app.send("POST", "/api/v1/counters/ok/incr", "by=1", KEY,
        java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals(415, wrongType.status());
    assertNull(redis.call("GET", app.prefix() + "counter:{ok}"));
  }
}
