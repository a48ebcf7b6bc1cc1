package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisContainer;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A hung Redis, not a dead one: its container is paused ({@code docker pause}), so its connections stay
 * open behind Docker's port mapping and nothing answers. redwire answers 503 within its command timeout,
 * is not ready, and serves again by itself once the container runs again.
 */
@Testcontainers(disabledWithoutDocker = true)
class PausedRedisIT {

  static final long TIMEOUT_MS = 500;
  static final Map<String, String> ENV = Map.of(
      "REDWIRE_REDIS_TIMEOUT_MS", String.valueOf(TIMEOUT_MS),
      "REDWIRE_READINESS_CACHE_MS", "0");
  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aPausedRedisAnswers503WithinTheTimeoutAndRecoversAfterUnpause() {
    try (RedisContainer redis = RedisContainer.mapped()) {
      redis.start();
      try (TestApp app = TestApp.start(redis.url(), ENV)) {
        assertEquals(200, app.post("/api/v1/counters/p/incr", null, KEY).status());
        assertEquals(200, app.get("/health/ready", null).status());

        redis.pause();
        try {
          for (int i = 0; i < 3; i++) {
            assertFailsFast(app, "POST", "/api/v1/counters/p/incr");
            assertFailsFast(app, "GET", "/api/v1/counters/p");
          }
          Reply ready = app.get("/health/ready", null);
          assertEquals(503, ready.status(), ready.body());
          assertEquals("DOWN", ready.json().getString("status"));
          assertEquals(200, app.get("/health/live", null).status(), "liveness does not depend on Redis");
        } finally {
          redis.unpause();
        }

        await("serves again after the unpause, without a restart").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> app.post("/api/v1/counters/p/incr", null, KEY).status() == 200);
        await("ready again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> app.get("/health/ready", null).status() == 200);
      }
    }
  }

  private static void assertFailsFast(TestApp app, String method, String path) {
    long start = System.nanoTime();
    Reply r = app.send(method, path, null, KEY, Map.of());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(503, r.status(), method + " " + path + ": " + r.body());
    assertEquals("application/problem+json", r.contentType());
    assertNotNull(r.header("Retry-After"));
    assertTrue(tookMs < TIMEOUT_MS + 1500, method + " " + path + " answered within the timeout, took " + tookMs + " ms");
  }
}
