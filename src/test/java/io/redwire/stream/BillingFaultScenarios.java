package io.redwire.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Consumers that die, a replica that stops abruptly, a Redis restart under a blocked XREADGROUP. Each
 * subclass runs it on one topology or Redis version, with {@code REDWIRE_STREAM_CLAIM_IDLE_MS=300},
 * {@code REDWIRE_STREAM_CLAIM_INTERVAL_MS=200}, {@code REDWIRE_STREAM_MAX_DELIVERIES=5},
 * {@code REDWIRE_STREAM_BLOCK_MS=1000}, {@code REDWIRE_STREAM_CONSUMER_REMOVE_IDLE_MS=1000}.
 */
abstract class BillingFaultScenarios {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;

  /** Each subclass hands over the Redis of its run ({@code @BeforeEachTopology} or {@code @BeforeAll}). */
  static void startWith(TestRedis r) {
    redis = r;
  }

  static JsonObject profileOf(TestApp app, String userId) {
    Reply r = app.get("/api/v1/users/" + userId, KEY);
    return r.status() == 200 ? r.json().getJsonObject("fields") : new JsonObject();
  }

  static long pending(TestApp app) {
    return (Long) redis.client().list("XPENDING", app.prefix() + "stream:{orders}", "billing").get(0);
  }

  @Test
  void entriesPendingOnADeadConsumerAreClaimedBilledOnceAndTheConsumerIsRemoved(TestApps apps) {
    // before the app starts, consumer "dead-pod" takes three orders and never acks them
    String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    String stream = prefix + "stream:{orders}";
    String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      redis.call("XADD", stream, "*", "orderId", "dead-" + i + "-" + user, "userId", user, "amountCents", "1050",
          "currency", "EUR");
    }
    redis.call("XGROUP", "CREATE", stream, "billing", "0");
    redis.call("XREADGROUP", "GROUP", "billing", "dead-pod", "COUNT", "10", "STREAMS", stream, ">");
    assertEquals(3L, (Long) redis.client().list("XPENDING", stream, "billing").get(0));

    TestApp app = apps.start(Map.of("REDWIRE_KEY_PREFIX", prefix));
    await().atMost(Duration.ofSeconds(15)).until(() -> "31.50".equals(profileOf(app, user).getValue("spent")));
    assertEquals(3L, ((Number) profileOf(app, user).getValue("orders")).longValue());
    await().atMost(Duration.ofSeconds(10)).until(() -> pending(app) == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.client().list("XINFO", "CONSUMERS", stream, "billing")
        .stream().noneMatch(c -> c.toString().contains("dead-pod")));
    String metrics = app.get("/metrics", null).body();
    assertTrue(metrics.contains("redwire_stream_claimed_total{group=\"billing\",stream=\"orders\"} 3.0"), metrics
        .lines().filter(l -> l.contains("stream")).toList().toString());
  }

  @Test
  void aReplicaStoppedMidWorkLeavesEveryOrderBilledExactlyOnce(TestApp app, TestApps apps) throws Exception {
    // an in-JVM replica (same key prefix) whose Vert.x is closed without the app's orderly stop
    TestApp replica = apps.replicaOf(app);
    int orders = 300;
    String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread poster = new Thread(() -> {
      try {
        for (int i = 0; i < orders; i++) {
          JsonObject order = new JsonObject().put("orderId", "k-" + i + "-" + user).put("userId", user)
              .put("amount", "0.01");
          if (i % 2 == 0 || !accepted(replica, order)) {
            // the replica is gone (or going): the survivor takes it; a repeat of an orderId appends nothing
            Reply r = app.post("/api/v1/orders", order, KEY);
            if (r.status() != 202 && r.status() != 200) {
              throw new AssertionError(r.toString());
            }
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    poster.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> profileOf(app, user).getValue("orders") != null
        && ((Number) profileOf(app, user).getValue("orders")).longValue() > orders / 4);
    replica.vertx().close();
    poster.join();
    assertEquals(null, failure.get());
    await().atMost(Duration.ofSeconds(30)).alias("spent reaches 3.00").until(() -> profileOf(app, user).getValue("spent"),
        "3.00"::equals);
    assertEquals((long) orders, ((Number) profileOf(app, user).getValue("orders")).longValue());
    await().atMost(Duration.ofSeconds(10)).until(() -> pending(app) == 0);
  }

  private static boolean accepted(TestApp replica, JsonObject order) {
    try {
      int status = replica.post("/api/v1/orders", order, KEY).status();
      return status == 202 || status == 200;
    } catch (RuntimeException gone) {
      return false;
    }
  }

  @Test
  void theConsumerResumesByItselfAfterARedisRestartDuringItsBlockedRead(TestApp app) {
    assumeFalse(redis.isCluster(), "restarts the one Redis");
    String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(202, app.post("/api/v1/orders", new JsonObject().put("orderId", "before-" + user)
        .put("userId", user).put("amount", "1.00"), KEY).status());
    await().atMost(Duration.ofSeconds(10)).until(() -> "1.00".equals(profileOf(app, user).getValue("spent")));
    redis.restart();
    // whatever Redis kept, the consumer (re)creates its group and bills what comes next
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      app.post("/api/v1/orders", new JsonObject().put("orderId", "after-" + user).put("userId", user)
          .put("amount", "2.00"), KEY);
      Object spent = profileOf(app, user).getValue("spent");
      return "3.00".equals(spent) || "2.00".equals(spent);
    });
    assertTrue(List.of("2.00", "3.00").contains(profileOf(app, user).getValue("spent")));
  }
}
