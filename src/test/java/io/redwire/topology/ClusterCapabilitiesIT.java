package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.config.AppConfig;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every capability on a 3-master Redis Cluster the suite starts (REDWIRE_REDIS_TYPE=cluster, REDIS_URL
 * the seed nodes): keys spread over the masters, scripts run on whichever node owns their keys (EVALSHA
 * falling back to EVAL there), and lock waiters are woken through Pub/Sub across nodes.
 */
// waiters re-check no sooner than 10 s by themselves: getting a lock quickly means a release woke them
@RedwireTest(redis = RedisSource.CLUSTER, env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
class ClusterCapabilitiesIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void theServerRunsOnTheClusterAndSpreadsItsKeysOverTheMasters(TestRedis redis, TestApp app) {
    assertTrue(redis.isCluster());
    assertEquals(AppConfig.RedisType.CLUSTER, app.app().config().redis().type());
    for (int i = 0; i < 30; i++) {
      Reply r = app.post("/api/v1/counters/c" + i + "/incr", new JsonObject().put("by", i), KEY);
      assertEquals(200, r.status(), r.body());
      assertEquals(i, r.json().getLong("value"));
    }
    Set<Integer> mastersWithKeys = new HashSet<>();
    List<TestRedis> nodes = redis.nodes();
    for (int n = 0; n < nodes.size(); n++) {
      Object count = nodes.get(n).call("DBSIZE");
      if (((Long) count) > 0) {
        mastersWithKeys.add(n);
      }
    }
    assertEquals(3, mastersWithKeys.size(), "30 counters land on all three masters");
    assertEquals(200, app.get("/health/ready", null).status());
  }

  @Test
  void scriptedCapabilitiesWorkOnTheNodeThatOwnsTheirKeys(TestRedis redis, TestApp app) {
    // windowed counters, sessions, profiles with ETags, visitors' set algebra, experiments: each a script
    assertEquals(5, app.post("/api/v1/counters/w/incr", new JsonObject().put("by", 5).put("windowSeconds", 60), KEY)
        .json().getLong("value"));
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "u1"), KEY).json().getString("token");
    assertEquals("u1", app.get("/api/v1/sessions/" + token, KEY).json().getString("userId"));
    Reply put = app.put("/api/v1/users/u1", new JsonObject().put("plan", "pro").put("n", 1), KEY);
    assertEquals(200, put.status(), put.body());
    String etag = put.header("ETag");
    assertEquals(412, app.send("PATCH", "/api/v1/users/u1", "{\"plan\":\"x\"}", KEY, Map.of("If-Match", "\"1\"")).status());
    assertEquals(200, app.send("PATCH", "/api/v1/users/u1", "{\"plan\":\"team\"}", KEY, Map.of("If-Match", etag))
        .status());
    assertEquals(2, app.post("/api/v1/users/u1/incr", new JsonObject().put("field", "n"), KEY).json().getLong("value"));
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    for (String v : new String[] {"v1", "v2", "v1"}) {
      assertEquals(204, app.post("/api/v1/visits", new JsonObject().put("visitor", v), KEY).status());
    }
    assertEquals(2, app.get("/api/v1/visitors/" + today, KEY).json().getLong("count"));
    assertEquals(2, app.get("/api/v1/visitors/returning?from=" + today + "&to=" + today, KEY).json().getLong("count"));
    assertEquals(200, app.put("/api/v1/experiments/e1", new JsonObject()
        .put("arms", new JsonObject().put("a", 1).put("b", 1)), KEY).status());
    String arm = app.post("/api/v1/experiments/e1/assignments/u1", null, KEY).json().getString("arm");
    assertEquals(arm, app.post("/api/v1/experiments/e1/assignments/u1", null, KEY).json().getString("arm"));
  }

  @Test
  void locksAreExclusiveAndAReleaseWakesAWaiterAcrossNodes(TestApp app) throws Exception {
    Reply held = app.post("/api/v1/locks/r1", new JsonObject().put("ttlMs", 20_000), KEY);
    assertEquals(201, held.status(), held.body());
    assertEquals(409, app.post("/api/v1/locks/r1", new JsonObject().put("ttlMs", 1000), KEY).status());
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(() ->
        app.post("/api/v1/locks/r1", new JsonObject().put("ttlMs", 1000).put("waitMs", 15_000), KEY));
    // the waiter's first try fails, then it listens on the release channel
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiter.isDone());
    long released = System.nanoTime();
    assertEquals(204, app.delete("/api/v1/locks/r1?token=" + held.json().getString("token"), KEY).status());
    Reply woken = waiter.get();
    assertEquals(201, woken.status(), woken.body());
    assertTrue(woken.json().getLong("fence") > held.json().getLong("fence"));
    // its own re-check would come after 10 s: the release message reached it through Pub/Sub
    assertTrue(Duration.ofNanos(System.nanoTime() - released).toMillis() < 3000);
  }

  @Test
  void rateLimitsAndAuthWorkWithTheirScriptsOnTheCluster(TestApp app) {
    Reply r = app.get("/api/v1/counters/limited", KEY);
    assertEquals(200, r.status());
    assertNotNull(r.header("RateLimit-Remaining"));
    assertEquals(401, app.get("/api/v1/counters/limited", "A".repeat(43)).status());
  }

  @Test
  void adminRedisReportsEveryNodeAndTheirTotals(TestApp app) {
    JsonObject info = app.get("/api/v1/admin/redis", TestApp.ADMIN_KEY).json();
    assertEquals("durable", info.getString("endpoint"));
    assertEquals("cluster", info.getString("role"));
    var nodes = info.getJsonArray("nodes");
    assertEquals(3, nodes.size(), info.encode());
    long memory = 0;
    Set<Long> ports = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      assertEquals("master", node.getString("role"));
      memory += node.getLong("usedMemory");
      ports.add(node.getLong("port"));
    }
    assertEquals(3, ports.size(), "three different nodes");
    assertEquals(memory, info.getLong("usedMemory"), "the top-level figures are the totals");
    assertTrue(app.get("/metrics", null).body().contains("redwire_redis_used_memory_bytes{endpoint=\"durable\"}"));
  }

  @Test
  void adminKeysWalkEveryMasterWithOneCursor(TestRedis redis, TestApp app) {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      assertEquals(200, app.post("/api/v1/counters/scan" + i + "/incr", null, KEY).status());
      written.add("counter:{scan" + i + "}");
    }
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int pages = 0;
    do {
      Reply page = app.get("/api/v1/admin/keys?match=counter:%7Bscan*&count=7&cursor=" + cursor, TestApp.ADMIN_KEY);
      assertEquals(200, page.status(), page.body());
      page.json().getJsonArray("keys").forEach(k -> seen.add((String) k));
      cursor = page.json().getString("cursor");
      pages++;
    } while (!cursor.equals("0") && pages < 200);
    assertEquals(written, seen, "one walk of the cursor sees the keys of all three masters");
    assertTrue(pages >= 3, "at least a page per master");
    assertEquals(400, app.get("/api/v1/admin/keys?cursor=12", TestApp.ADMIN_KEY).status(),
        "a plain number is not a cluster cursor");
    assertEquals(400, app.get("/api/v1/admin/keys?cursor=1-x", TestApp.ADMIN_KEY).status());
  }
}
