package io.redwire.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away mid-traffic: readiness turns 503, API calls fail fast with 503 + Retry-After
 * (never hang), and everything works again by itself once Redis is back.
 */
@RedwireTest(redis = RedisSource.PRIVATE, env = "REDWIRE_REDIS_TIMEOUT_MS=" + RedisOutageIT.TIMEOUT_MS)
class RedisOutageIT {

  static final long TIMEOUT_MS = 500;

  @Test
  void stoppedRedisGives503UntilItReturns(TestRedis redis, TestApps apps) {
    TestApp app = apps.start(Map.of("REDWIRE_REDIS_RECONNECT_MAX_MS", "200"));
    assertEquals(200, app.post("/api/v1/counters/o/incr", null, TestApp.SERVICE_KEY).status());

    redis.stop();
    try {
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
    } finally {
      redis.startAgain(); // the class's other test needs it back even when this one failed
    }
    await("recovers without a restart").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> app.post("/api/v1/counters/o/incr", null, TestApp.SERVICE_KEY).status() == 200);
    // readiness answers are reused for REDWIRE_READINESS_CACHE_MS (1 s by default)
    await("ready again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> app.get("/health/ready", null).status() == 200);
  }

  @Test
  void frozenRedisTimesOutWithinTheConfiguredTimeout(TestRedis redis, TestApps apps) throws Exception {
    TestApp app = apps.start();
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
    await("recovers after the freeze").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> app.post("/api/v1/counters/f/incr", null, TestApp.SERVICE_KEY).status() == 200);
  }
}
