package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away mid-traffic: readiness turns 503, API calls fail fast with 503 + Retry-After
 * (never hang), and everything works again by itself once Redis is back.
 */
class RedisOutageIT {

  static final long TIMEOUT_MS = 500;

  @Test
  void stoppedRedisGives503UntilItReturns() {
    try (TestRedis redis = TestRedis.start();
         TestApp app = TestApp.start(redis.url(), Map.of("REDWIRE_REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS),
             "REDWIRE_REDIS_RECONNECT_MAX_MS", "200"))) {
      assertEquals(200, app.post("/api/v1/counters/o/incr", null, TestApp.SERVICE_KEY).status());

      redis.stop();
      Reply ready = app.get("/health/ready", null);
      assertEquals(503, ready.status());
      assertEquals("DOWN", ready.json().getString("status"));
      assertNotNull(ready.header("Retry-After"));
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Reply r = app.post("/api/v1/counters/o/incr", null, TestApp.SERVICE_KEY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertNotNull(r.header("Retry-After"));
        assertTrue(tookMs < 5 * TIMEOUT_MS, "fails fast, took " + tookMs + " ms");
      }
      assertEquals(200, app.get("/health/live", null).status(), "liveness does not depend on Redis");

      redis.startAgain();
      Reply back = eventually(() -> app.post("/api/v1/counters/o/incr", null, TestApp.SERVICE_KEY));
      assertEquals(200, back.status(), "recovers without a restart");
      assertEquals(200, app.get("/health/ready", null).status());
    }
  }

  @Test
  void frozenRedisTimesOutWithinTheConfiguredTimeout() throws Exception {
    try (TestRedis redis = TestRedis.start();
         TestApp app = TestApp.start(redis.url(), Map.of("REDWIRE_REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS)))) {
      assertEquals(200, app.post("/api/v1/counters/f/incr", null, TestApp.SERVICE_KEY).status());
      redis.pause();
      try {
        long start = System.nanoTime();
        Reply r = app.post("/api/v1/counters/f/incr", null, TestApp.SERVICE_KEY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status());
        assertNotNull(r.header("Retry-After"));
        assertTrue(tookMs >= TIMEOUT_MS - 50 && tookMs < TIMEOUT_MS + 1500, "answered after the timeout: " + tookMs);
        assertEquals(503, app.get("/health/ready", null).status());
      } finally {
        redis.resume();
      }
      Reply back = eventually(() -> app.post("/api/v1/counters/f/incr", null, TestApp.SERVICE_KEY));
      assertEquals(200, back.status());
    }
  }

  private static Reply eventually(Supplier<Reply> call) {
    long deadline = System.currentTimeMillis() + 10_000;
    Reply last = call.get();
    while (last.status() != 200 && System.currentTimeMillis() < deadline) {
      last = call.get();
    }
    return last;
  }
}
