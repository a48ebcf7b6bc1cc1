package io.redwire.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.redwire.support.RedisServers;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With REDIS_CACHE_URL, cache data goes to the cache Redis and durable data to REDIS_URL. */
@RedwireTest
class CacheEndpointIT {

  @Test
  void cacheAndDurableDataLiveOnTheirOwnEndpoints(TestRedis durable, RedisServers servers, TestApps apps) {
    TestRedis cache = servers.start(); // private: the test stops it
    TestApp app = apps.start(Map.of("REDIS_CACHE_URL", cache.url()));
    String key = TestApp.SERVICE_KEY;
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), key).json().getString("token");
    app.post("/api/v1/counters/hits/incr", null, key);
    app.put("/api/v1/users/42", new JsonObject().put("name", "Alice"), key);

    String p = app.prefix();
    assertEquals("1", cache.call("GET", p + "counter:{hits}"));
    assertEquals(1L, cache.call("EXISTS", p + "session:" + token));
    assertEquals(1L, durable.call("EXISTS", p + "user:{42}"));
    assertNull(durable.call("GET", p + "counter:{hits}"), "counters are cache data");
    assertEquals(0L, cache.call("EXISTS", p + "user:{42}"), "profiles are durable data");

    Reply ready = app.get("/health/ready", null);
    assertEquals(new JsonObject().put("redis-durable", "UP").put("redis-cache", "UP"),
        ready.json().getJsonObject("checks"));
    assertEquals("cache", app.get("/api/v1/admin/redis?endpoint=cache", TestApp.ADMIN_KEY).json().getString("endpoint"));

    cache.stop();
    // readiness answers are reused for REDWIRE_READINESS_CACHE_MS (1 s by default)
    await("not ready while the cache Redis is down").atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50)).until(() -> app.get("/health/ready", null).status() == 503);
    assertEquals(503, app.post("/api/v1/counters/hits/incr", null, key).status());
  }
}
