package io.redwire.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lock scripts and the release wake-up on Redis 6.2, the project's version floor. */
class LockOnRedis62IT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void acquireWaitReleaseAndFenceWorkOnTheVersionFloor() throws Exception {
    try (TestRedis redis = TestRedis.startBundled();
        TestApp app = TestApp.start(redis.url(), java.util.Map.of(
            "REDWIRE_LOCK_RETRY_MIN_MS", "10000", "REDWIRE_LOCK_RETRY_MAX_MS", "20000"))) {
      Reply holder = app.post("/api/v1/locks/floor", new JsonObject().put("ttlMs", 30_000), KEY);
      assertEquals(201, holder.status(), holder.toString());
      CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(() -> app.post("/api/v1/locks/floor",
          new JsonObject().put("waitMs", 15_000), KEY));
      String channel = app.prefix() + "lock:{floor}:released";
      long deadline = System.currentTimeMillis() + 10_000;
      while (!((java.util.List<?>) redis.call("PUBSUB", "NUMSUB", channel)).get(1).equals(1L)) {
        assertTrue(System.currentTimeMillis() < deadline, "waiter subscribed");
        Thread.sleep(20);
      }
      long releasedAt = System.nanoTime();
      assertEquals(204, app.delete("/api/v1/locks/floor?token=" + holder.json().getString("token"), KEY).status());
      Reply got = waiter.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(201, got.status());
      assertTrue((System.nanoTime() - releasedAt) / 1_000_000 < 1500, "woken by the release");
      assertEquals(2L, got.json().getLong("fence"));
      Reply ext = app.put("/api/v1/locks/floor", new JsonObject().put("token", got.json().getString("token")), KEY);
      assertEquals(200, ext.status());
      assertEquals(409, app.delete("/api/v1/locks/floor?token=nope", KEY).status());
    }
  }
}
