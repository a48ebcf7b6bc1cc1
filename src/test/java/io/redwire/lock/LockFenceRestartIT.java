package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Fences keep rising when Redis loses its data: the suite's redis-servers run without persistence, so a
 * restart wipes the last fence, as would a failover to a replica that missed the last writes.
 */
@RedwireTest(redis = RedisSource.PRIVATE)
class LockFenceRestartIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aFenceAfterRedisLostItsDataIsAboveEveryEarlierOne(TestRedis redis, TestApp app) {
    assertFencesRiseAcrossDataLoss(redis, app, "restarted");
  }

  /** Two fences, a restart that loses them, then a third fence above both; shared with the 6.2 floor test. */
  static void assertFencesRiseAcrossDataLoss(TestRedis redis, TestApp app, String resource) {
    String path = "/api/v1/locks/" + resource;
    Reply first = app.post(path, new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, first.status(), first.toString());
    assertEquals(204, app.delete(path + "?token=" + first.json().getString("token"), KEY).status());
    Reply second = app.post(path, new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, second.status(), second.toString());
    long f1 = first.json().getLong("fence");
    long f2 = second.json().getLong("fence");
    assertTrue(f1 < f2, f1 + " then " + f2);

    redis.restart();
    assertNull(redis.call("GET", app.prefix() + "lock:{" + resource + "}:fence"), "the last fence is gone");
    // the app's connections come back with backoff: until then acquires answer 503
    AtomicReference<Reply> third = new AtomicReference<>();
    await("an acquire after the restart").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          third.set(app.post(path, new JsonObject().put("ttlMs", 30_000), KEY));
          return third.get().status() == 201;
        });
    long f3 = third.get().json().getLong("fence");
    assertTrue(f3 > f2, "fence " + f3 + " after " + f2 + " although Redis forgot it");
  }
}
