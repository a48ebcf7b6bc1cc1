package io.redwire.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.ApiClient;
import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.ServerProcess;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A replica in a JVM process of its own, killed with SIGKILL while it bills: nothing of its shutdown
 * runs, so the entries it was delivered stay pending on its consumer name. The survivor (an in-JVM app on
 * the same keys, another consumer name) claims them once idle past the claim threshold and bills them,
 * bills what the dead one never read, and removes the dead consumer from the group after its idle threshold.
 */
@RedwireTest
@OnEveryTopology
class BillingKillIT {

  static final String KEY = TestApp.SERVICE_KEY;
  /** Both replicas: short claim and removal thresholds, so the survivor takes over within seconds. */
  static final Map<String, String> SETTINGS = Map.of(
      "REDWIRE_STREAM_CLAIM_IDLE_MS", "500",
      "REDWIRE_STREAM_CLAIM_INTERVAL_MS", "200",
      "REDWIRE_STREAM_MAX_DELIVERIES", "5",
      "REDWIRE_STREAM_BLOCK_MS", "1000",
      "REDWIRE_STREAM_CONSUMER_REMOVE_IDLE_MS", "1000");
  static final int POSTERS = 4;
  static final int ORDERS_PER_POSTER = 150;
  static final int USERS = 8;
  static final Pattern CLAIMED = Pattern.compile(
      "redwire_stream_claimed_total\\{group=\"billing\",stream=\"orders\"} ([0-9.]+)");
  static TestRedis redis;

  @BeforeEachTopology
  static void start(TestRedis r) {
    redis = r;
  }

  @Test
  void entriesPendingOnAKilledProcessAreClaimedAndEveryOrderIsBilledExactlyOnce(TestApps apps) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "t" + run + ":";
    String stream = prefix + "stream:{orders}";
    String doomedName = "doomed-" + run;
    CompletableFuture<TestApp> survivor = new CompletableFuture<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> posters = new ArrayList<>();

    try (ServerProcess doomed = ServerProcess.start(redis, with(prefix, doomedName))) {
      // clients post to the process; when it is gone they repeat the order on the survivor, as a client
      // without an answer would (a repeat of an orderId appends nothing)
      for (int p = 0; p < POSTERS; p++) {
        int poster = p;
        Thread t = new Thread(() -> {
          try {
            for (int i = 0; i < ORDERS_PER_POSTER; i++) {
              JsonObject order = new JsonObject().put("orderId", "kill-" + poster + "-" + i + "-" + run)
                  .put("userId", user(run, i)).put("amount", "0.01");
              if (!accepted(doomed.http(), order)) {
                Reply r = survivor.get(60, TimeUnit.SECONDS).post("/api/v1/orders", order, KEY);
                assertTrue(r.status() == 202 || r.status() == 200, r.toString());
              }
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        }, "poster-" + p);
        posters.add(t);
        t.start();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> billed(run)[0] >= POSTERS * ORDERS_PER_POSTER / 5);

      // frozen first (SIGSTOP), so the check that it holds delivered entries and the kill see one state;
      // what it wrote just before (an XACK) may still reach Redis, so its entries must stay pending a while
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
        signal("STOP", doomed.pid());
        if (holdsEntries(stream, doomedName)) {
          return true;
        }
        signal("CONT", doomed.pid());
        return false;
      });
      doomed.kill();
    }
    long held = pendingOn(stream, doomedName);
    assertTrue(held > 0, "the killed process held delivered, unacked entries");

    TestApp app = apps.start(with(prefix, "survivor-" + run));
    survivor.complete(app);
    for (Thread t : posters) {
      t.join(TimeUnit.SECONDS.toMillis(120));
    }
    assertEquals(null, failure.get());

    int orders = POSTERS * ORDERS_PER_POSTER;
    await().atMost(Duration.ofSeconds(60)).alias("every order billed").until(() -> billed(run)[0] >= orders);
    await().atMost(Duration.ofSeconds(10)).until(() -> pendingTotal(stream) == 0);
    long[] totals = billed(run);
    assertEquals(orders, totals[0], "orders over the users' profiles: each billed once");
    assertEquals(orders, totals[1], "spent over the users' profiles, in cents");
    try (RespClient client = redis.client()) {
      assertEquals(orders, client.number("XLEN", stream), "each orderId appended once");
      assertEquals(0L, client.number("EXISTS", prefix + "stream:{orders}:dead"), "no order was dead-lettered");
    }
    assertTrue(claimed(app) >= held, "the survivor claimed what the dead process held: " + held);
    await().atMost(Duration.ofSeconds(15)).alias("the dead consumer is removed").until(() ->
        consumers(stream).stream().noneMatch(c -> c.contains(doomedName)));
    assertTrue(consumers(stream).stream().anyMatch(c -> c.contains("survivor-" + run)));
  }

  static Map<String, String> with(String prefix, String consumer) {
    Map<String, String> env = new HashMap<>(SETTINGS);
    env.put("REDWIRE_KEY_PREFIX", prefix);
    env.put("HOSTNAME", consumer);
    return env;
  }

  static String user(String run, int i) {
    return "k" + (i % USERS) + "-" + run;
  }

  private static boolean accepted(ApiClient server, JsonObject order) {
    try {
      int status = server.post("/api/v1/orders", order, KEY).status();
      return status == 202 || status == 200;
    } catch (UncheckedIOException gone) {
      return false;
    }
  }

  /** {orders, spent in cents} summed over the run's users, read from their profile hashes. */
  static long[] billed(String run) {
    long orders = 0;
    long cents = 0;
    try (RespClient client = redis.client()) {
      for (int u = 0; u < USERS; u++) {
        String key = "t" + run + ":user:{" + user(run, u) + "}";
        List<Object> fields = client.list("HMGET", key, "orders", "spent");
        orders += fields.get(0) == null ? 0 : Long.parseLong(fields.get(0).toString());
        cents += fields.get(1) == null ? 0 : new BigDecimal(fields.get(1).toString()).movePointRight(2).longValueExact();
      }
    }
    return new long[] {orders, cents};
  }

  /** True when the (frozen) consumer's entries stay pending for 300 ms. */
  static boolean holdsEntries(String stream, String consumer) {
    try {
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
          .until(() -> pendingOn(stream, consumer) > 0);
      return true;
    } catch (ConditionTimeoutException acked) {
      return false;
    }
  }

  static long pendingOn(String stream, String consumer) {
    try (RespClient client = redis.client()) {
      return client.list("XPENDING", stream, "billing", "-", "+", "100000", consumer).size();
    }
  }

  static long pendingTotal(String stream) {
    try (RespClient client = redis.client()) {
      return (Long) client.list("XPENDING", stream, "billing").get(0);
    }
  }

  static List<String> consumers(String stream) {
    try (RespClient client = redis.client()) {
      return client.list("XINFO", "CONSUMERS", stream, "billing").stream().map(Object::toString).toList();
    }
  }

  static double claimed(TestApp app) {
    Matcher m = CLAIMED.matcher(app.get("/metrics", null).body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }
}
