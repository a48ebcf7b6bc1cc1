package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.AfterEachTopology;
import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Single-node locks against a real redis-server, and against a cluster (the lock lives on its slot's
 * master, the release message crosses nodes); Redlock, on independent nodes, is RedlockIT. The app's
 * waiter backoff is set far above what the wake-up assertions allow (first re-check after 5-10 s), so a
 * waiter that gets the lock within a second of the release was woken by the release message, not by polling.
 */
@RedwireTest(env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
@OnEveryTopology
class LockIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final long WAKE_LIMIT_MS = 1500;
  static final Duration POLL = Duration.ofMillis(5);
  /** 2^53 - 1: the largest integer a JSON/JavaScript client reads exactly. */
  static final long MAX_SAFE_JSON_INTEGER = (1L << 53) - 1;
  /** One connection for the test's own Redis reads (a fresh one per poll would pile up sockets). */
  static RespClient resp;
  /** One per node, for what each node counts by itself (Pub/Sub subscriptions); just {@code resp} on one server. */
  static List<RespClient> eachNode;
  static boolean cluster;
  static TestApp app;
  static ExecutorService pool;

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp a) {
    resp = redis.client();
    cluster = redis.isCluster();
    eachNode = cluster ? redis.nodes().stream().map(TestRedis::client).toList() : List.of(resp);
    app = a;
    pool = Executors.newCachedThreadPool();
  }

  @AfterEachTopology
  static void stop() {
    pool.shutdownNow();
    resp.close();
    eachNode.forEach(RespClient::close);
  }

  static Reply acquire(String resource, JsonObject body) {
    return app.post("/api/v1/locks/" + resource, body, KEY);
  }

  static Reply release(String resource, String token) {
    return app.delete("/api/v1/locks/" + resource + "?token=" + token, KEY);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  static String lockKey(String resource) {
    return app.prefix() + "lock:{" + resource + "}";
  }

  static String fenceKey(String resource) {
    return app.prefix() + "lock:{" + resource + "}:fence";
  }

  /**
   * Subscriptions to the resource's release channel. Each node counts its own: on a cluster a plain
   * subscription sits on whichever node the subscriber connected to, a sharded one on the channel's node.
   */
  static long numSub(String resource) {
    String channel = app.prefix() + "lock:{" + resource + "}:released";
    long subscriptions = 0;
    for (RespClient node : eachNode) {
      subscriptions += (Long) node.list("PUBSUB", "NUMSUB", channel).get(1);
      if (cluster) {
        subscriptions += (Long) node.list("PUBSUB", "SHARDNUMSUB", channel).get(1);
      }
    }
    return subscriptions;
  }

  @Test
  void acquireGivesTokenFenceAndExpiryAndKeysHaveTheRightTtls() {
    Instant before = Instant.now();
    Reply r = acquire("basic", new JsonObject().put("ttlMs", 20_000));
    assertEquals(201, r.status(), r.toString());
    JsonObject lock = r.json();
    assertEquals("basic", lock.getString("resource"));
    assertTrue(lock.getString("token").matches("[A-Za-z0-9_-]{22}"), "128-bit base64url token");
    // the first fence of a resource is the Redis clock in microseconds (same machine: same clock)
    long fence = lock.getLong("fence");
    assertTrue(fence >= micros(before) - 1_000_000 && fence <= micros(Instant.now()) + 1_000_000,
        "fence from the clock floor, was " + fence);
    assertTrue(fence <= MAX_SAFE_JSON_INTEGER, "exact for JavaScript clients");
    Instant expiresAt = Instant.parse(lock.getString("expiresAt"));
    assertTrue(!expiresAt.isBefore(before.plusMillis(19_000)) && expiresAt.isBefore(Instant.now().plusMillis(20_500)));
    long ttl = resp.number("PTTL", lockKey("basic"));
    assertTrue(ttl > 19_000 && ttl <= 20_000, "lock key has the lease as TTL, was " + ttl);
    assertEquals(-1L, resp.number("PTTL", fenceKey("basic")), "fence counter is durable");
    assertEquals(lock.getString("token"), resp.call("GET", lockKey("basic")));
    // default ttl when absent
    Reply d = acquire("default-ttl", null);
    assertEquals(201, d.status());
    long defaultTtl = resp.number("PTTL", lockKey("default-ttl"));
    assertTrue(defaultTtl > 29_000 && defaultTtl <= 30_000, "default lease 30000 ms, was " + defaultTtl);
    // every lock key of this app has a TTL except fence counters
    for (String k : resp.scan(app.prefix() + "lock:*")) {
      long pttl = resp.number("PTTL", k);
      if (k.endsWith(":fence")) {
        assertEquals(-1L, pttl, k);
      } else {
        assertTrue(pttl > 0, k + " has no TTL");
      }
    }
  }

  @Test
  void sixteenParallelAcquiresHaveExactlyOneWinner() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      replies.add(pool.submit(() -> {
        go.await();
        return acquire("race", new JsonObject().put("ttlMs", 30_000));
      }));
    }
    go.countDown();
    int won = 0;
    int conflicts = 0;
    long winnersFence = 0;
    for (Future<Reply> f : replies) {
      Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      if (r.status() == 201) {
        won++;
        winnersFence = r.json().getLong("fence");
      } else if (r.status() == 409) {
        conflicts++;
        assertEquals("application/problem+json", r.contentType());
      }
    }
    assertEquals(1, won);
    assertEquals(15, conflicts);
    assertEquals(winnersFence, app.get("/api/v1/locks/race", KEY).json().getLong("fence"), "one fence issued");
  }

  @Test
  void fenceIncreasesAcrossReleaseReacquireAndExpiry() {
    long last = 0;
    for (int i = 0; i < 3; i++) {
      Reply r = acquire("fenced", new JsonObject().put("ttlMs", 10_000));
      assertEquals(201, r.status());
      long fence = r.json().getLong("fence");
      assertTrue(fence > last, "fence " + fence + " after " + last);
      last = fence;
      assertEquals(409, acquire("fenced", null).status(), "held");
      assertEquals(204, release("fenced", r.json().getString("token")).status());
    }
    // a short lease that runs out: the next acquisition still gets a greater fence
    Reply shortLease = acquire("fenced", new JsonObject().put("ttlMs", 50));
    assertEquals(201, shortLease.status());
    long expiredFence = shortLease.json().getLong("fence");
    assertTrue(expiredFence > last);
    await("lease to expire").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> !app.get("/api/v1/locks/fenced", KEY).json().getBoolean("held"));
    Reply after = acquire("fenced", new JsonObject().put("ttlMs", 10_000));
    assertEquals(201, after.status());
    assertTrue(after.json().getLong("fence") > expiredFence);
    // the expired holder can neither release nor extend the new holder's lock
    assertEquals(409, release("fenced", shortLease.json().getString("token")).status());
    assertEquals(409, app.put("/api/v1/locks/fenced",
        new JsonObject().put("token", shortLease.json().getString("token")), KEY).status());
    assertEquals(after.json().getString("token"), resp.call("GET", lockKey("fenced")));
  }

  @Test
  void aLastFenceAheadOfTheClockIsStillIncremented() {
    // e.g. raised by a Redlock node with a faster clock: the next fence is that one + 1, not the clock
    long ahead = micros(Instant.now()) + 1_000_000_000_000L;
    resp.call("SET", fenceKey("ahead"), String.valueOf(ahead));
    Reply r = acquire("ahead", new JsonObject().put("ttlMs", 10_000));
    assertEquals(201, r.status(), r.toString());
    assertEquals(ahead + 1, r.json().getLong("fence"));
    assertEquals(String.valueOf(ahead + 1), resp.call("GET", fenceKey("ahead")), "stored with every digit");
  }

  @Test
  void releaseByNonOwnerIsConflictAndKeepsTheLock() {
    Reply r = acquire("owned", new JsonObject().put("ttlMs", 30_000));
    String token = r.json().getString("token");
    Reply wrong = release("owned", LockService.newToken());
    assertEquals(409, wrong.status());
    assertEquals(409, release("owned", "not-the-owner").status());
    assertEquals(token, resp.call("GET", lockKey("owned")), "lock still held by its owner");
    assertTrue(app.get("/api/v1/locks/owned", KEY).json().getBoolean("held"));
    assertEquals(204, release("owned", token).status());
    assertNull(resp.call("GET", lockKey("owned")));
    assertEquals(409, release("owned", token).status(), "releasing twice: no longer the owner");
  }

  @Test
  void extendByOwnerGrowsTheLeaseAndNonOwnerOrExpiredIsConflict() {
    Reply r = acquire("ext", new JsonObject().put("ttlMs", 2_000));
    String token = r.json().getString("token");
    long fence = r.json().getLong("fence");
    Reply ext = app.put("/api/v1/locks/ext", new JsonObject().put("token", token).put("ttlMs", 60_000), KEY);
    assertEquals(200, ext.status(), ext.toString());
    assertEquals(fence, ext.json().getLong("fence"));
    assertEquals(token, ext.json().getString("token"));
    long ttl = resp.number("PTTL", lockKey("ext"));
    assertTrue(ttl > 58_000, "PTTL grew to the new lease, was " + ttl);

    Reply other = app.put("/api/v1/locks/ext", new JsonObject().put("token", LockService.newToken()).put("ttlMs", 600_000), KEY);
    assertEquals(409, other.status());
    assertTrue(resp.number("PTTL", lockKey("ext")) <= 60_000, "non-owner changed nothing");

    Reply shortLease = acquire("ext-expired", new JsonObject().put("ttlMs", 30));
    await("lease to expire").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> resp.call("EXISTS", lockKey("ext-expired")).equals(0L));
    Reply late = app.put("/api/v1/locks/ext-expired",
        new JsonObject().put("token", shortLease.json().getString("token")), KEY);
    assertEquals(409, late.status());
    assertEquals(0L, resp.call("EXISTS", lockKey("ext-expired")), "an expired lock is not revived");
  }

  @Test
  void getShowsStateButNeverTheToken() {
    Reply free = app.get("/api/v1/locks/never-locked", KEY);
    assertEquals(200, free.status());
    assertEquals(new JsonObject().put("resource", "never-locked").put("held", false).put("fence", 0).put("ttlMs", 0),
        free.json());
    Reply r = acquire("shown", new JsonObject().put("ttlMs", 30_000));
    String token = r.json().getString("token");
    Reply held = app.get("/api/v1/locks/shown", KEY);
    assertTrue(held.json().getBoolean("held"));
    assertEquals(r.json().getLong("fence"), held.json().getLong("fence"));
    long ttl = held.json().getLong("ttlMs");
    assertTrue(ttl > 28_000 && ttl <= 30_000, "remaining lease, was " + ttl);
    assertFalse(held.body().contains(token), "GET must not reveal the token");
    release("shown", token);
    JsonObject after = app.get("/api/v1/locks/shown", KEY).json();
    assertFalse(after.getBoolean("held"));
    assertEquals(r.json().getLong("fence"), after.getLong("fence"), "last issued fence");
  }

  @Test
  void waiterIsWokenByTheReleaseLongBeforeItsDeadline() throws Exception {
    Reply holder = acquire("woken", new JsonObject().put("ttlMs", 30_000));
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(
        () -> acquire("woken", new JsonObject().put("ttlMs", 30_000).put("waitMs", 15_000)), pool);
    await("the waiter to subscribe").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> numSub("woken") == 1);
    long releasedAt = System.nanoTime();
    assertEquals(204, release("woken", holder.json().getString("token")).status());
    Reply got = waiter.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - releasedAt) / 1_000_000;
    assertEquals(201, got.status(), got.toString());
    assertTrue(tookMs < WAKE_LIMIT_MS, "woken by the release, took " + tookMs + " ms");
    assertTrue(got.json().getLong("fence") > holder.json().getLong("fence"));
    await("the subscription to end").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> numSub("woken") == 0);
  }

  @Test
  void manyWaitersShareOneSubscriptionAndAllGetTheLockInTurn() throws Exception {
    Reply holder = acquire("crowd", new JsonObject().put("ttlMs", 30_000));
    List<CompletableFuture<Reply>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiters.add(CompletableFuture.supplyAsync(
          () -> acquire("crowd", new JsonObject().put("ttlMs", 30_000).put("waitMs", 15_000)), pool));
    }
    await("the waiters to register").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> numSub("crowd") == 1);
    assertEquals(1L, numSub("crowd"), "one subscription for all local waiters");
    String token = holder.json().getString("token");
    long lastFence = holder.json().getLong("fence");
    for (int round = 0; round < 4; round++) {
      // the open waiters are taken before the release: the one it wakes may answer before release() returns
      CompletableFuture<Object> next = CompletableFuture.anyOf(
          waiters.stream().filter(w -> !w.isDone()).toArray(CompletableFuture[]::new));
      long releasedAt = System.nanoTime();
      assertEquals(204, release("crowd", token).status());
      Reply got = (Reply) next.get(20, java.util.concurrent.TimeUnit.SECONDS);
      long took = (System.nanoTime() - releasedAt) / 1_000_000;
      assertTrue(took < WAKE_LIMIT_MS, "round " + round + " took " + took + " ms: " + got);
      assertEquals(201, got.status());
      assertTrue(got.json().getLong("fence") > lastFence);
      lastFence = got.json().getLong("fence");
      token = got.json().getString("token");
    }
    release("crowd", token);
    for (CompletableFuture<Reply> w : waiters) {
      assertEquals(201, w.get(30, java.util.concurrent.TimeUnit.SECONDS).status());
    }
    await("the subscription to end").atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> numSub("crowd") == 0);
  }

  @Test
  void waiterGetsConflictAtItsDeadlineWhenNeverReleased() {
    acquire("stuck", new JsonObject().put("ttlMs", 30_000));
    long start = System.nanoTime();
    Reply r = acquire("stuck", new JsonObject().put("waitMs", 600));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(409, r.status());
    assertTrue(tookMs >= 600 && tookMs < 5_000, "answered at its deadline, took " + tookMs + " ms");
  }

  @Test
  void waiterGetsAnExpiringLockRightAfterTheLeaseEnds() {
    // no release message comes for an expiry; the retry is capped by the holder's remaining lease
    acquire("lapse", new JsonObject().put("ttlMs", 400));
    long start = System.nanoTime();
    Reply r = acquire("lapse", new JsonObject().put("waitMs", 10_000));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(201, r.status());
    assertTrue(tookMs < 3_000, "took " + tookMs + " ms (retry backoff is 10-20 s)");
  }

  @Test
  void badInputIsRejectedAndWritesNothing() {
    String[][] cases = {
        {"POST", "/api/v1/locks/bad%20name", "{}"},
        {"POST", "/api/v1/locks/" + "x".repeat(129), "{}"},
        {"POST", "/api/v1/locks/bad-input", "{\"ttlMs\": 0}"},
        {"POST", "/api/v1/locks/bad-input", "{\"ttlMs\": 600001}"},
        {"POST", "/api/v1/locks/bad-input", "{\"ttlMs\": 1.5}"},
        {"POST", "/api/v1/locks/bad-input", "{\"ttlMs\": \"1000\"}"},
        {"POST", "/api/v1/locks/bad-input", "{\"waitMs\": 30001}"},
        {"POST", "/api/v1/locks/bad-input", "{\"waitMs\": -1}"},
        {"POST", "/api/v1/locks/bad-input", "{\"ttl\": 1000}"},
        {"POST", "/api/v1/locks/bad-input", "[1]"},
        {"PUT", "/api/v1/locks/bad-input", "{\"ttlMs\": 1000}"},
        {"PUT", "/api/v1/locks/bad-input", "{\"token\": 5}"},
        {"PUT", "/api/v1/locks/bad-input", "{\"token\": \"abc\", \"ttlMs\": 0}"},
        {"PUT", "/api/v1/locks/bad-input", "{\"token\": \"abc\", \"extra\": 1}"},
        {"DELETE", "/api/v1/locks/bad-input", null},
        {"DELETE", "/api/v1/locks/bad-input?token=", null},
        {"GET", "/api/v1/locks/bad%2Fname", null},
    };
    for (String[] c : cases) {
      Reply r = app.send(c[0], c[1], c[2], KEY, Map.of());
      assertEquals(400, r.status(), c[0] + " " + c[1] + " " + c[2] + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
    }
    assertEquals(0L, resp.call("EXISTS", lockKey("bad-input"), fenceKey("bad-input")), "nothing was written");
  }

  @Test
  void onlyServiceAndAdminMayUseLocks() {
    String userToken = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), KEY).json().getString("token");
    assertEquals(403, app.post("/api/v1/locks/guarded", null, userToken).status());
    assertEquals(403, app.get("/api/v1/locks/guarded", userToken).status());
    assertEquals(401, app.post("/api/v1/locks/guarded", null, null).status());
    assertEquals(201, app.post("/api/v1/locks/guarded", null, TestApp.ADMIN_KEY).status());
    assertNotEquals(0L, resp.call("EXISTS", lockKey("guarded")));
  }
}
