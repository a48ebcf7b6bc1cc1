package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.RedisContainer;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same server against a Redis in a container (the locally built image), reached through a mapped
 * port; skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersRedisIT {

  @Test
  void countsAgainstAContainerizedRedis() {
    try (RedisContainer redis = RedisContainer.mapped()) {
      redis.start();
      try (TestApp app = TestApp.start(redis.url()); RespClient direct = redis.client()) {
        assertEquals(200, app.post("/api/v1/counters/tc/incr", null, TestApp.SERVICE_KEY).status());
        assertEquals(200, app.post("/api/v1/counters/tc/incr", null, TestApp.SERVICE_KEY).status());
        assertEquals(2L, app.get("/api/v1/counters/tc", TestApp.SERVICE_KEY).json().getLong("value"));
        assertEquals("2", direct.string("GET", app.prefix() + "counter:{tc}"), "stored in the container's Redis");
      }
    }
  }
}
