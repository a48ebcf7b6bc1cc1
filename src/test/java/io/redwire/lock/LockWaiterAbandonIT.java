package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RawHttp;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A waiting acquire whose client disconnects stops at once: no more tries, no subscription. The waiters
 * re-check every 5-10 ms by themselves, so any that kept going would show up in Redis' command counts by
 * the thousand. A private Redis, so those counts are this test's alone.
 */
@RedwireTest(redis = RedisSource.PRIVATE,
    env = {"REDWIRE_LOCK_RETRY_MIN_MS=5", "REDWIRE_LOCK_RETRY_MAX_MS=10"})
class LockWaiterAbandonIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static final int WAITERS = 50;
  /** Tries that were already on the wire when the connections closed. */
  static final long IN_FLIGHT_ALLOWANCE = 5;

  @Test
  void waitersWhoseClientsLeftStopTryingAndUnsubscribe(TestRedis redis, TestApp app) throws Exception {
    Reply holder = app.post("/api/v1/locks/abandoned", new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, holder.status(), holder.toString());
    String channel = app.prefix() + "lock:{abandoned}:released";
    int port = URI.create(app.baseUrl()).getPort();
    String body = new JsonObject().put("ttlMs", 30_000).put("waitMs", 20_000).encode();
    String request = "POST /api/v1/locks/abandoned HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    try (RespClient resp = redis.client()) {
      long before = scriptCalls(resp);
      List<RawHttp> clients = new ArrayList<>();
      for (int i = 0; i < WAITERS; i++) {
        clients.add(new RawHttp(port).send(request));
      }
      // every waiter made its first try, subscribed and tried again: they are all waiting now
      await("the waiters to be waiting").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> scriptCalls(resp) - before >= 3L * WAITERS && numSub(resp, channel) == 1);
      // while their clients are there, they poll (which is what makes the quiet after the closes mean something)
      long polling = scriptCalls(resp);
      Thread.sleep(500);
      assertTrue(scriptCalls(resp) - polling >= 10L * WAITERS, "the waiters re-check every 5-10 ms");

      clients.forEach(RawHttp::close);
      // the channel is unsubscribed once its last waiter has gone, i.e. every close has been seen; not
      // failing here lets the old behaviour fail below with its number of calls
      long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (numSub(resp, channel) != 0 && System.nanoTime() < settleUntil) {
        Thread.sleep(10);
      }
      Thread.sleep(100); // tries already sent come back
      long afterClose = scriptCalls(resp);
      Thread.sleep(1500);
      long calls = scriptCalls(resp) - afterClose;
      assertTrue(calls <= IN_FLIGHT_ALLOWANCE,
          calls + " script calls in 1.5 s after every waiting client left: the waiters are still trying");
      assertEquals(0L, numSub(resp, channel), "nobody waits for a release any more");

      // nobody took the lock for a client that is gone, and a release leaves it free
      assertEquals(holder.json().getString("token"), resp.call("GET", app.prefix() + "lock:{abandoned}"));
      assertEquals(204, app.delete("/api/v1/locks/abandoned?token=" + holder.json().getString("token"), KEY).status());
      Thread.sleep(200);
      assertEquals(0L, resp.call("EXISTS", app.prefix() + "lock:{abandoned}"));
    }
  }

  /** EVALSHA calls Redis has served (EVAL too: the fallback on NOSCRIPT), from INFO commandstats. */
  static long scriptCalls(RespClient resp) {
    long calls = 0;
    for (String line : resp.string("INFO", "commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        String stats = line.substring(line.indexOf(':') + 1);
        calls += Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
      }
    }
    return calls;
  }

  static long numSub(RespClient resp, String channel) {
    return (Long) resp.list("PUBSUB", "NUMSUB", channel).get(1);
  }
}
