package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.TestApp;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same server against redis:7 in a container, where a Docker engine exists (skipped otherwise). */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersRedisIT {

  @Container
  static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);

  @Test
  void countsAgainstAContainerizedRedis() {
    String url = "redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379);
    try (TestApp app = TestApp.start(url)) {
      assertEquals(200, app.post("/api/v1/counters/tc/incr", null, TestApp.SERVICE_KEY).status());
      assertEquals(1L, app.get("/api/v1/counters/tc", TestApp.SERVICE_KEY).json().getLong("value"));
    }
  }
}
