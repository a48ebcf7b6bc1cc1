package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The release subscriber survives a Redis restart: it reconnects, resubscribes and wakes waiters again. */
// waiters re-check only every 5-20 s by themselves: anything faster is a wake-up
@RedwireTest(redis = RedisSource.PRIVATE,
    env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
class LockSubscriberRestartIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final String ACQUIRE_TRIES = "redwire_redis_command_seconds_count{command=\"script:lock/acquire\"";
  static TestRedis redis;
  static TestApp app;
  static ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  static long numSub() {
    try (RespClient c = redis.client()) {
      List<Object> r = c.list("PUBSUB", "NUMSUB", app.prefix() + "lock:{job}:released");
      return (Long) r.get(1);
    }
  }

  /** Lock acquire attempts the app has made so far, from its metrics. */
  static long acquireTries() {
    return app.get("/metrics", null).body().lines().filter(l -> l.startsWith(ACQUIRE_TRIES))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  static CompletableFuture<Reply> waiter() {
    return CompletableFuture.supplyAsync(() -> app.post("/api/v1/locks/job",
        new JsonObject().put("ttlMs", 30_000).put("waitMs", 15_000), KEY), pool);
  }

  @Test
  void resubscribesAfterRedisRestartAndStillWakesWaiters() throws Exception {
    assertEquals(201, app.post("/api/v1/locks/job", new JsonObject().put("ttlMs", 30_000), KEY).status());
    CompletableFuture<Reply> first = waiter();
    await("the first waiter to subscribe").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> numSub() == 1);
    long triesBefore = acquireTries();
    CompletableFuture<Reply> second = waiter();
    // the second waiter registers behind the first between its first try (a quick 409) and the next one
    await("the second waiter to register").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> acquireTries() >= triesBefore + 2);

    redis.restart(); // no persistence: the holder's lock is gone, and so is the subscription
    Reply firstGot = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(201, firstGot.status(), "woken after the reconnect, the first waiter takes the now free lock");
    assertTrue(!second.isDone(), "the second waiter still waits");
    await("the subscriber to resubscribe").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> numSub() == 1);

    long releasedAt = System.nanoTime();
    assertEquals(204, app.delete("/api/v1/locks/job?token=" + firstGot.json().getString("token"), KEY).status());
    Reply secondGot = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - releasedAt) / 1_000_000;
    assertEquals(201, secondGot.status());
    assertTrue(tookMs < 1500, "woken by the release after the restart, took " + tookMs + " ms");
  }
}
