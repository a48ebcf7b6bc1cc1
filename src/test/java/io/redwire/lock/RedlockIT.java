package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisServers;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Redlock mode over three independent redis-server processes (plus the durable one for wake-ups). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RedwireTest(env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
class RedlockIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis durable;
  static List<TestRedis> nodes;
  static TestApp app;
  static ExecutorService pool = Executors.newCachedThreadPool();
  /** The last fence of resource "fenced", carried from one ordered test to the next. */
  static long fencedFence;

  @BeforeAll
  static void start(TestRedis redis, RedisServers servers, TestApps apps) {
    durable = redis;
    // private servers: the tests stop two of them
    nodes = Stream.generate(servers::start).limit(3).toList();
    String urls = nodes.stream().map(TestRedis::url).collect(Collectors.joining(","));
    app = apps.start(Map.of("REDWIRE_LOCK_NODES", urls));
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  static String lockKey(String resource) {
    return app.prefix() + "lock:{" + resource + "}";
  }

  static String fenceKey(String resource) {
    return app.prefix() + "lock:{" + resource + "}:fence";
  }

  static Reply acquire(String resource, JsonObject body) {
    return app.post("/api/v1/locks/" + resource, body, KEY);
  }

  static Reply release(String resource, String token) {
    return app.delete("/api/v1/locks/" + resource + "?token=" + token, KEY);
  }

  @Test
  @Order(1)
  void lockIsTakenOnEveryNodeAndReleasedEverywhere() {
    Reply r = acquire("rl", new JsonObject().put("ttlMs", 20_000));
    assertEquals(201, r.status(), r.toString());
    String token = r.json().getString("token");
    long fence = r.json().getLong("fence");
    assertTrue(fence > 0);
    for (TestRedis n : nodes) {
      assertEquals(token, n.call("GET", lockKey("rl")));
      long ttl = (Long) n.call("PTTL", lockKey("rl"));
      assertTrue(ttl > 0 && ttl <= 20_000, "lock key has a TTL on every node");
      assertEquals(-1L, n.call("PTTL", fenceKey("rl")), "fence counter is durable");
    }
    assertNull(durable.call("GET", lockKey("rl")), "Redlock mode does not lock on the durable endpoint");
    assertEquals(409, acquire("rl", null).status());
    JsonObject state = app.get("/api/v1/locks/rl", KEY).json();
    assertTrue(state.getBoolean("held"));
    assertEquals(fence, state.getLong("fence"));
    assertEquals(409, release("rl", LockService.newToken()).status());

    Reply ext = app.put("/api/v1/locks/rl", new JsonObject().put("token", token).put("ttlMs", 60_000), KEY);
    assertEquals(200, ext.status());
    for (TestRedis n : nodes) {
      assertTrue((Long) n.call("PTTL", lockKey("rl")) > 50_000, "extended on every node");
    }
    assertEquals(204, release("rl", token).status());
    for (TestRedis n : nodes) {
      assertNull(n.call("GET", lockKey("rl")));
    }
  }

  @Test
  @Order(2)
  void fenceIsTheMajorityMaxAndIsWrittenBackSoItKeepsIncreasing() {
    // one node's last fence is an hour ahead of every clock: the lock's fence must continue from it
    long ahead = (System.currentTimeMillis() + 3_600_000) * 1000;
    nodes.get(0).call("SET", fenceKey("fenced"), String.valueOf(ahead));
    Reply r = acquire("fenced", new JsonObject().put("ttlMs", 20_000));
    assertEquals(201, r.status());
    assertEquals(ahead + 1, r.json().getLong("fence"));
    for (TestRedis n : nodes) {
      assertEquals(String.valueOf(ahead + 1), n.call("GET", fenceKey("fenced")).toString(),
          "raised on every granting node");
    }
    fencedFence = ahead + 1;
    assertEquals(204, release("fenced", r.json().getString("token")).status());
  }

  @Test
  @Order(3)
  void waiterIsWokenByARedlockRelease() throws Exception {
    Reply holder = acquire("rl-wait", new JsonObject().put("ttlMs", 30_000));
    assertEquals(201, holder.status());
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(
        () -> acquire("rl-wait", new JsonObject().put("ttlMs", 30_000).put("waitMs", 15_000)), pool);
    await("waiter subscribed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> numSubOnDurable("rl-wait") == 1);
    long releasedAt = System.nanoTime();
    assertEquals(204, release("rl-wait", holder.json().getString("token")).status());
    Reply got = waiter.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - releasedAt) / 1_000_000;
    assertEquals(201, got.status());
    assertTrue(tookMs < 1500, "woken by the release, took " + tookMs + " ms");
    release("rl-wait", got.json().getString("token"));
  }

  @Test
  @Order(4)
  void oneNodeDownStillWorksTwoDownIsQuorumUnavailable() {
    nodes.get(0).stop();
    Reply r = acquire("fenced", new JsonObject().put("ttlMs", 20_000));
    assertEquals(201, r.status(), r.toString());
    assertTrue(r.json().getLong("fence") > fencedFence, "still increasing with a node gone: " + r.json());
    assertEquals(409, acquire("fenced", null).status(), "two of three nodes hold it");
    JsonObject state = app.get("/api/v1/locks/fenced", KEY).json();
    assertTrue(state.getBoolean("held"));
    assertEquals(204, release("fenced", r.json().getString("token")).status());

    nodes.get(1).stop();
    Reply unavailable = acquire("fenced", new JsonObject().put("ttlMs", 20_000));
    assertEquals(503, unavailable.status(), unavailable.toString());
    assertTrue(unavailable.json().getString("type").endsWith("/lock-quorum-unavailable"));
    assertNotNull(unavailable.header("Retry-After"));
    assertNull(nodes.get(2).call("GET", lockKey("fenced")), "a failed try is released on the nodes that granted it");
    assertEquals(503, app.get("/api/v1/locks/fenced", KEY).status());

    nodes.get(0).startAgain();
    nodes.get(1).startAgain();
  }

  @Test
  @Order(5)
  void fencesKeepRisingWhenEveryNodeLostItsData() {
    Reply first = awaitAcquired("rl-restart");
    assertEquals(204, release("rl-restart", first.json().getString("token")).status());
    Reply second = awaitAcquired("rl-restart");
    assertEquals(204, release("rl-restart", second.json().getString("token")).status());
    long before = second.json().getLong("fence");
    assertTrue(before > first.json().getLong("fence"));

    // no persistence: every node forgets its last fence, the worst case for the majority overlap
    nodes.forEach(TestRedis::restart);
    Reply after = awaitAcquired("rl-restart");
    assertTrue(after.json().getLong("fence") > before,
        "fence " + after.json().getLong("fence") + " after " + before + " although every node forgot it");
    release("rl-restart", after.json().getString("token"));
  }

  /** An acquire, retried while the app's node connections come back (503 until a majority answers). */
  static Reply awaitAcquired(String resource) {
    AtomicReference<Reply> got = new AtomicReference<>();
    await("acquire " + resource).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          got.set(acquire(resource, new JsonObject().put("ttlMs", 20_000)));
          return got.get().status() == 201;
        });
    return got.get();
  }

  static long numSubOnDurable(String resource) {
    try (RespClient c = durable.client()) {
      List<Object> r = c.list("PUBSUB", "NUMSUB", app.prefix() + "lock:{" + resource + "}:released");
      return (Long) r.get(1);
    }
  }
}
