package io.redwire.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The release subscriber survives a Redis restart: it reconnects, resubscribes and wakes waiters again. */
class LockSubscriberRestartIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;
  static ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    // waiters re-check only every 5-20 s by themselves: anything faster is a wake-up
    app = TestApp.start(redis.url(), Map.of(
        "REDWIRE_LOCK_RETRY_MIN_MS", "10000",
        "REDWIRE_LOCK_RETRY_MAX_MS", "20000"));
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    app.close();
    redis.close();
  }

  static long numSub() {
    try (RespClient c = redis.client()) {
      List<Object> r = c.list("PUBSUB", "NUMSUB", app.prefix() + "lock:{job}:released");
      return (Long) r.get(1);
    }
  }

  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  static CompletableFuture<Reply> waiter() {
    return CompletableFuture.supplyAsync(() -> app.post("/api/v1/locks/job",
        new JsonObject().put("ttlMs", 30_000).put("waitMs", 15_000), KEY), pool);
  }

  @Test
  void resubscribesAfterRedisRestartAndStillWakesWaiters() throws Exception {
    assertEquals(201, app.post("/api/v1/locks/job", new JsonObject().put("ttlMs", 30_000), KEY).status());
    CompletableFuture<Reply> first = waiter();
    waitFor("the first waiter to subscribe", () -> numSub() == 1);
    CompletableFuture<Reply> second = waiter();
    // let the second waiter register behind the first (its first try is a quick 409 from Redis)
    Thread.sleep(300);

    redis.restart(); // no persistence: the holder's lock is gone, and so is the subscription
    Reply firstGot = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(201, firstGot.status(), "woken after the reconnect, the first waiter takes the now free lock");
    assertTrue(!second.isDone(), "the second waiter still waits");
    waitFor("the subscriber to resubscribe", () -> numSub() == 1);

    long releasedAt = System.nanoTime();
    assertEquals(204, app.delete("/api/v1/locks/job?token=" + firstGot.json().getString("token"), KEY).status());
    Reply secondGot = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - releasedAt) / 1_000_000;
    assertEquals(201, secondGot.status());
    assertTrue(tookMs < 1500, "woken by the release after the restart, took " + tookMs + " ms");
  }
}
