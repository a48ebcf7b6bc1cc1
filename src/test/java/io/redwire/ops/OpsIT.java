package io.redwire.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@RedwireTest
@OnEveryTopology
class OpsIT {

  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }


  @Test
  void metricsCoverHttpRoutesRedisLatencyAndMemory() {
    app.post("/api/v1/counters/m/incr", null, TestApp.SERVICE_KEY);
    app.get("/api/v1/counters/m", null);
    Reply r = app.get("/metrics", null);
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("text/plain"));
    String text = r.body();
    assertTrue(text.contains("redwire_http_server_requests_seconds_bucket{method=\"POST\",route=\"/api/v1/counters/{name}/incr\",status=\"200\""), text);
    assertTrue(text.contains("route=\"/api/v1/counters/{name}\",status=\"401\""), "rejected requests are named by route");
    assertTrue(text.contains("redwire_redis_command_seconds_count{command=\"INCRBY\",endpoint=\"durable\",outcome=\"ok\"}"), text);
    assertTrue(text.contains("command=\"script:ratelimit/principal_window\""));
    for (String figure : List.of("redwire_redis_used_memory_bytes{endpoint=\"durable\"}",
        "redwire_redis_evicted_keys_total{endpoint=\"durable\"}", "redwire_redis_keyspace_hits_total{endpoint=\"durable\"}",
        "redwire_redis_keyspace_misses_total{endpoint=\"durable\"}", "redwire_redis_up{endpoint=\"durable\"} 1")) {
      assertTrue(text.contains(figure), figure + " missing");
    }
    String memoryLine = text.lines().filter(l -> l.startsWith("redwire_redis_used_memory_bytes{")).findFirst().orElseThrow();
    assertTrue(Double.parseDouble(memoryLine.substring(memoryLine.lastIndexOf(' ') + 1)) > 100_000, memoryLine);
  }

  @Test
  void readyWhenItsRedisIsUp() {
    Reply ready = app.get("/health/ready", null);
    assertEquals(200, ready.status(), ready.body());
    assertEquals("UP", ready.json().getJsonObject("checks").getString("redis-durable"), ready.body());
  }

  @Test
  void adminRedisFiguresComeFromInfo() {
    JsonObject figures = app.get("/api/v1/admin/redis", TestApp.ADMIN_KEY).json();
    assertTrue(figures.getLong("usedMemory") > 0);
    assertTrue(figures.containsKey("evictedKeys"));
    assertTrue(figures.getDouble("hitRate") >= 0 && figures.getDouble("hitRate") <= 1);
    assertEquals("durable", figures.getString("endpoint"));
    assertEquals(redis.isCluster() ? "cluster" : "master", figures.getString("role"), figures.encode());
  }

  @Test
  void adminRedisReportsEveryNodeOfAClusterAndTheirTotals() {
    assumeTrue(redis.isCluster(), "a single server is its own one node");
    JsonObject info = app.get("/api/v1/admin/redis", TestApp.ADMIN_KEY).json();
    JsonArray nodes = info.getJsonArray("nodes");
    assertEquals(redis.nodes().size(), nodes.size(), info.encode());
    long memory = 0;
    Set<Long> ports = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      assertEquals("master", node.getString("role"));
      memory += node.getLong("usedMemory");
      ports.add(node.getLong("port"));
    }
    Set<Long> masters = redis.nodes().stream().map(n -> (long) n.port()).collect(Collectors.toSet());
    assertEquals(masters, ports, "every master, each once");
    assertEquals(memory, info.getLong("usedMemory"), "the top-level figures are the totals");
  }

  @Test
  void adminKeysPagesThroughScanWithinThePrefix() {
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      app.post("/api/v1/counters/scan" + i + "/incr", null, TestApp.ADMIN_KEY);
      written.add("counter:{scan" + i + "}");
    }
    String foreign = "not-ours-" + java.util.UUID.randomUUID();
    redis.call("SET", foreign, "1", "PX", "60000");
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int pages = 0;
    do {
      Reply page = app.get("/api/v1/admin/keys?match=counter:*&count=7&cursor=" + cursor, TestApp.ADMIN_KEY);
      assertEquals(200, page.status(), page.body());
      for (Object k : page.json().getJsonArray("keys")) {
        assertTrue(k.toString().startsWith("counter:"), k.toString());
        assertTrue(seen.add(k.toString()), k + " listed twice");
      }
      cursor = page.json().getString("cursor");
      pages++;
    } while (!cursor.equals("0") && pages < 200);
    assertTrue(seen.containsAll(written), "one walk of the cursor sees every key (on a cluster: of every master)");
    assertTrue(pages > 1, "it pages with the cursor");
    assertTrue(pages >= redis.nodes().size(), "on a cluster, a page per master at least");
    assertEquals(400, app.get("/api/v1/admin/keys?cursor=abc", TestApp.ADMIN_KEY).status());
    assertEquals(400, app.get("/api/v1/admin/keys?count=0", TestApp.ADMIN_KEY).status());
  }

  @Test
  void adminKeysTakesEveryUnsigned64BitCursorAndRejectsLargerOnes() {
    // standalone: Redis's own SCAN cursor; a cluster's is <master>-<that master's SCAN cursor>
    String onMaster = redis.isCluster() ? "0-" : "";
    for (String tooLarge : List.of("18446744073709551616", "99999999999999999999", "18446744073709551620")) {
      Reply r = app.get("/api/v1/admin/keys?cursor=" + onMaster + tooLarge, TestApp.ADMIN_KEY);
      assertEquals(400, r.status(), tooLarge + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
      assertEquals("cursor", r.json().getJsonArray("errors").getJsonObject(0).getString("field"), r.toString());
    }
    for (String cursor : List.of(onMaster + "18446744073709551615", "0", onMaster + "00000000000000000000")) {
      Reply r = app.get("/api/v1/admin/keys?cursor=" + cursor, TestApp.ADMIN_KEY);
      assertEquals(200, r.status(), cursor + " -> " + r);
      assertTrue(r.json().containsKey("cursor") && r.json().containsKey("keys"), r.toString());
    }
    assertEquals(200, app.get("/api/v1/admin/keys?endpoint=cache&cursor=" + onMaster + "18446744073709551615",
        TestApp.ADMIN_KEY).status());
    // a cursor of the other topology is no cursor
    String foreign = redis.isCluster() ? "12" : "0-12";
    assertEquals(400, app.get("/api/v1/admin/keys?cursor=" + foreign, TestApp.ADMIN_KEY).status());
    assertEquals(400, app.get("/api/v1/admin/keys?cursor=1-x", TestApp.ADMIN_KEY).status());
  }
}
