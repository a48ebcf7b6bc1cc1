package io.redwire.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Quota leases: a busy principal is served from local leases (few Redis calls), never gets more than
 * its quota, and loses none of it: what a lease did not use goes back.
 */
@RedwireTest
@OnEveryTopology
class QuotaLeasesIT {

  static final int LIMIT = 300;
  static final long LEASE_MS = 200;
  /** A script command's calls and failed calls (a NOSCRIPT reply is a failed EVALSHA, the EVAL after it the run). */
  private static final Pattern SCRIPT_CALLS =
      Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+),.*?failed_calls=(\\d+)");

  @Test
  void aBusyPrincipalCostsFewRedisCallsAndGetsExactlyItsQuota(TestRedis redis, TestApps apps) throws Exception {
    // two event loops, so two lease tables compete for one principal's quota
    TestApp app = apps.start(Map.of("REDWIRE_RATE_LIMIT", LIMIT + "/1h",
        "REDWIRE_HTTP_INSTANCES", "2", "REDWIRE_RATE_LIMIT_LEASE_MS", String.valueOf(LEASE_MS)));
    long hour = currentHour(redis);
    long scriptsBefore = scriptCalls(redis);
    int burst = 2 * LIMIT;
    int admitted = parallel(burst, () -> app.get("/api/v1/counters/leased", TestApp.SERVICE_KEY).status());
    long scripts = scriptCalls(redis) - scriptsBefore;

    assertTrue(admitted <= LIMIT, "admitted " + admitted + " of a quota of " + LIMIT);
    assertTrue(scripts < burst / 4, burst + " requests cost " + scripts + " script calls");

    // once the leases have lapsed, their unused requests are back: the rest of the quota is served
    int more = drain(() -> app.get("/api/v1/counters/leased", TestApp.SERVICE_KEY).status());
    assumeTrue(currentHour(redis) == hour, "the hourly window rolled during the test");
    assertEquals(LIMIT, admitted + more, "the quota is neither exceeded nor lost");
    assertEquals(LIMIT, countedRequests(redis, app.prefix() + "ratelimit:{key:"), "Redis counts what was served");
  }

  @Test
  void replicasServingOnePrincipalConcurrentlyNeverExceedItsQuota(TestRedis redis, TestApps apps) throws Exception {
    TestApp a = apps.start(Map.of("REDWIRE_RATE_LIMIT", LIMIT + "/1h", "REDWIRE_HTTP_INSTANCES", "2",
        "REDWIRE_RATE_LIMIT_LEASE_MS", String.valueOf(LEASE_MS)));
    TestApp b = apps.replicaOf(a);
    long hour = currentHour(redis);
    AtomicInteger turn = new AtomicInteger();
    int admitted = parallel(2 * LIMIT, () -> (turn.getAndIncrement() % 2 == 0 ? a : b)
        .get("/api/v1/counters/shared", TestApp.SERVICE_KEY).status());
    assertTrue(admitted <= LIMIT, "admitted " + admitted + " of a quota of " + LIMIT);

    int more = drain(() -> (turn.getAndIncrement() % 2 == 0 ? a : b)
        .get("/api/v1/counters/shared", TestApp.SERVICE_KEY).status());
    assumeTrue(currentHour(redis) == hour, "the hourly window rolled during the test");
    assertEquals(LIMIT, admitted + more, "two replicas share one quota, all of it");
  }

  @Test
  void withLeasesOfOneEveryRequestIsCheckedInRedis(TestRedis redis, TestApps apps) {
    TestApp app = apps.start(Map.of("REDWIRE_RATE_LIMIT_LEASE_MAX", "1"));
    long before = scriptCalls(redis);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, app.get("/api/v1/counters/exact", TestApp.SERVICE_KEY).status());
    }
    assertEquals(20, scriptCalls(redis) - before);
  }

  @Test
  void aPrincipalOverItsQuotaIsRefusedWithoutARedisCallPerRequest(TestRedis redis, TestApps apps) {
    TestApp app = apps.start(Map.of("REDWIRE_RATE_LIMIT", "3/1h", "REDWIRE_RATE_LIMIT_LEASE_MS", "5000"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, app.get("/api/v1/counters/over", TestApp.SERVICE_KEY).status());
    }
    long before = scriptCalls(redis);
    for (int i = 0; i < 30; i++) {
      io.redwire.support.Reply r = app.get("/api/v1/counters/over", TestApp.SERVICE_KEY);
      assertEquals(429, r.status());
      assertTrue(Long.parseLong(r.header("Retry-After")) >= 1);
      assertEquals("0", r.header("RateLimit-Remaining"));
    }
    long scripts = scriptCalls(redis) - before;
    assertTrue(scripts <= 1, "30 refusals cost " + scripts + " script calls");
  }

  /**
   * Calls one at a time until the quota is gone: refused twice in a row, each time after the leases have
   * lapsed (another event loop may hold the last requests of a lease for up to LEASE_MS). Answers how many
   * calls were served.
   */
  private static int drain(java.util.function.IntSupplier call) throws InterruptedException {
    Thread.sleep(3 * LEASE_MS); // the behaviour under test: leases lapse, their unused requests go back
    int served = 0;
    int refusedInARow = 0;
    while (refusedInARow < 2) {
      if (call.getAsInt() == 200) {
        served++;
        refusedInARow = 0;
        assertTrue(served <= LIMIT, "served more than the whole quota");
      } else {
        refusedInARow++;
        Thread.sleep(3 * LEASE_MS); // a refusal counts only once every lease has lapsed
      }
    }
    return served;
  }

  /** Runs {@code count} calls on 16 threads; answers how many returned 200. */
  private static int parallel(int count, java.util.concurrent.Callable<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        results.add(pool.submit(call));
      }
      int ok = 0;
      for (Future<Integer> f : results) {
        int status = f.get();
        assertTrue(status == 200 || status == 429, "status " + status);
        ok += status == 200 ? 1 : 0;
      }
      return ok;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Scripts run, by EVALSHA or by the EVAL after a NOSCRIPT, summed over the nodes (each counts its own). */
  private static long scriptCalls(TestRedis redis) {
    long runs = 0;
    for (Object stats : redis.callOnEach("INFO", "commandstats")) {
      Matcher m = SCRIPT_CALLS.matcher(stats.toString());
      while (m.find()) {
        runs += Long.parseLong(m.group(1)) - Long.parseLong(m.group(2));
      }
    }
    return runs;
  }

  private static long currentHour(TestRedis redis) {
    return Long.parseLong(redis.client().list("TIME").get(0).toString()) / 3600;
  }

  /** Sum of the window counts of every limiter hash under {@code keyPrefix}. */
  private static long countedRequests(TestRedis redis, String keyPrefix) {
    long total = 0;
    for (String key : redis.client().scan(keyPrefix + "*")) {
      List<Object> flat = redis.client().list("HGETALL", key);
      for (int i = 1; i < flat.size(); i += 2) {
        total += Long.parseLong(flat.get(i).toString());
      }
    }
    return total;
  }
}
