package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lock scripts and the release wake-up on Redis 6.2, the project's version floor. */
@RedwireTest(redis = RedisSource.BUNDLED_6_2,
    env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
class LockOnRedis62IT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void acquireWaitReleaseAndFenceWorkOnTheVersionFloor(TestRedis redis, TestApp app) throws Exception {
    Reply holder = app.post("/api/v1/locks/floor", new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, holder.status(), holder.toString());
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(() -> app.post("/api/v1/locks/floor",
        new JsonObject().put("waitMs", 15_000), KEY));
    String channel = app.prefix() + "lock:{floor}:released";
    await("waiter subscribed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> ((java.util.List<?>) redis.call("PUBSUB", "NUMSUB", channel)).get(1).equals(1L));
    long releasedAt = System.nanoTime();
    assertEquals(204, app.delete("/api/v1/locks/floor?token=" + holder.json().getString("token"), KEY).status());
    Reply got = waiter.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(201, got.status());
    assertTrue((System.nanoTime() - releasedAt) / 1_000_000 < 1500, "woken by the release");
    assertTrue(got.json().getLong("fence") > holder.json().getLong("fence"));
    Reply ext = app.put("/api/v1/locks/floor", new JsonObject().put("token", got.json().getString("token")), KEY);
    assertEquals(200, ext.status());
    assertEquals(409, app.delete("/api/v1/locks/floor?token=nope", KEY).status());
  }

  @Test
  void fencesRiseAcrossDataLossOnTheVersionFloor(TestRedis redis, TestApp app) {
    // TIME before a write in a script: allowed on 6.2 too (effects replication)
    LockFenceRestartIT.assertFencesRiseAcrossDataLoss(redis, app, "floor-restart");
  }
}
