package io.redwire.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.RedwireApp;
import io.redwire.StartupException;
import io.redwire.config.ConfigException;
import io.redwire.config.ConfigLoader;
import io.redwire.redis.RedisProcess;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no REDIS_URL: dev starts a private Redis (and stops it), prod refuses to start. */
class EmbeddedDefaultIT {

  @Test
  void devStartsAPrivateRedisWhenNothingAnswersAndStopsItOnExit() {
    Map<String, String> env = devEnvWithoutRedis();
    int port;
    try (TestApp app = TestApp.start(ConfigLoader.load(env))) {
      RedisProcess dev = app.app().devRedis();
      assertNotNull(dev, "a private Redis was started");
      port = dev.port();
      assertEquals("redis://127.0.0.1:" + port, app.app().redisUrl());
      assertEquals(200, app.post("/api/v1/counters/dev/incr", null, TestApp.SERVICE_KEY).status());
      assertEquals(200, app.get("/health/ready", null).status());
    }
    assertFalse(accepts(port), "the private Redis stopped with the server");
  }

  @Test
  void devUsesTheDefaultRedisWhenOneAnswers() {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env = devEnvWithoutRedis();
      env.put("REDWIRE_REDIS_DEFAULT_URL", redis.url());
      try (TestApp app = TestApp.start(ConfigLoader.load(env))) {
        assertEquals(null, app.app().devRedis());
        assertEquals(200, app.post("/api/v1/counters/d/incr", null, TestApp.SERVICE_KEY).status());
        assertEquals("1", redis.call("GET", app.prefix() + "counter:{d}"));
      }
    }
  }

  @Test
  void devWithoutApiKeysGeneratesAnAdminKey() {
    Map<String, String> env = devEnvWithoutRedis();
    env.remove("REDWIRE_API_KEYS");
    try (TestApp app = TestApp.start(ConfigLoader.load(env))) {
      Map<String, String> keys = app.app().config().apiKeys();
      assertEquals(1, keys.size());
      String key = keys.keySet().iterator().next();
      assertEquals("admin", keys.get(key));
      assertEquals(200, app.get("/api/v1/admin/redis", key).status());
    }
  }

  @Test
  void prodRefusesToStartWithoutARedis() {
    Map<String, String> env = devEnvWithoutRedis();
    env.put("REDWIRE_PROFILE", "prod");
    Vertx vertx = Vertx.vertx();
    try {
      Throwable err = assertThrows(Throwable.class, () -> RedwireApp.start(vertx, ConfigLoader.load(env)).await());
      assertTrue(err instanceof StartupException, err.toString());
      assertTrue(err.getMessage().contains("REDIS_URL"), err.getMessage());
    } finally {
      vertx.close().await();
    }
    env.put("REDIS_URL", "redis://127.0.0.1:" + RedisProcess.freePort());
    Vertx second = Vertx.vertx();
    try {
      Throwable err = assertThrows(Throwable.class, () -> RedwireApp.start(second, ConfigLoader.load(env)).await());
      assertTrue(err.getMessage().startsWith("Cannot reach Redis (durable)"), err.getMessage());
    } finally {
      second.close().await();
    }
  }

  @Test
  void prodRefusesToStartWithoutApiKeys() {
    try (TestRedis redis = TestRedis.start()) {
      Map<String, String> env = devEnvWithoutRedis();
      env.put("REDWIRE_PROFILE", "prod");
      env.put("REDIS_URL", redis.url());
      env.remove("REDWIRE_API_KEYS");
      Vertx vertx = Vertx.vertx();
      try {
        Throwable err = assertThrows(Throwable.class, () -> RedwireApp.start(vertx, ConfigLoader.load(env)).await());
        assertTrue(err instanceof ConfigException, err.toString());
      } finally {
        vertx.close().await();
      }
    }
  }

  /** Test defaults, minus REDIS_URL, with the default address pointing at a port nobody listens on. */
  private static Map<String, String> devEnvWithoutRedis() {
    Map<String, String> env = new HashMap<>(TestApp.env("unused", Map.of()));
    env.remove("REDIS_URL");
    env.put("REDWIRE_REDIS_DEFAULT_URL", "redis://127.0.0.1:" + RedisProcess.freePort());
    return env;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
