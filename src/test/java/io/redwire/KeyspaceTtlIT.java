package io.redwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Drives every capability once, then scans the keyspace: a key without TTL must be durable data.
 * Durable keys are listed here on purpose, so a new kind of key has to be thought about.
 */
@RedwireTest(env = {"REDWIRE_DURABLE_CHANNELS=news:*", "REDWIRE_CHANNEL_HISTORY_SIZE=1"})
class KeyspaceTtlIT {

  /** Key patterns (after the prefix) that are durable data and may live without a TTL. */
  static final List<Pattern> DURABLE = List.of(
      Pattern.compile("counter:\\{[^}]+}"),
      Pattern.compile("lock:\\{[^}]+}:fence"),
      Pattern.compile("user:\\{[^}]+}"),
      Pattern.compile("stream:\\{[^}]+}(:dead)?"),
      // the streams whose groups get gauges (a set bounded by REDWIRE_STREAM_GAUGE_GROUPS_MAX)
      Pattern.compile("streams:watched"),
      Pattern.compile("experiment:\\{[^}]+}:(arms|assignments|arm:.+)"),
      // a board that never resets, and every board's settings (periods expire after their retention)
      Pattern.compile("leaderboard:\\{[^}]+}:(settings|scores|reached)"));

  @Test
  void everyNonDurableKeyHasATtl(TestRedis redis, TestApp app) {
    exercise(app);
    try (RespClient client = redis.client()) {
      List<String> keys = client.scan(app.prefix() + "*");
      assertTrue(keys.size() >= 4, "the scenario wrote keys: " + keys);
      for (String expected : List.of("rt:{news:ttl}:history", "rt:{news:ttl}:trimmed", "leaderboard:{daily}:scores")) {
        assertTrue(keys.stream().anyMatch(k -> k.startsWith(app.prefix() + expected)), expected + " in " + keys);
      }
      List<String> offenders = new ArrayList<>();
      for (String key : keys) {
        String name = key.substring(app.prefix().length());
        long ttl = client.number("PTTL", key);
        boolean durable = DURABLE.stream().anyMatch(p -> p.matcher(name).matches());
        if (ttl < 0 && !durable) {
          offenders.add(name);
        }
      }
      assertEquals(List.of(), offenders, "keys without TTL that are not durable data");
    }
  }

  private static void exercise(TestApp app) {
    String key = TestApp.SERVICE_KEY;
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), key).json().getString("token");
    app.get("/api/v1/sessions/" + token + "?touch=true", token);
    app.post("/api/v1/counters/plain/incr", null, key);
    app.post("/api/v1/counters/windowed/incr", new JsonObject().put("windowSeconds", 60), key);
    app.get("/api/v1/counters/plain", null);
    app.post("/api/v1/visits", new JsonObject().put("visitor", "user:1"), key);
    app.post("/api/v1/visits", new JsonObject().put("visitor", "user:1").put("day", "2026-04-01"), key);
    app.get("/api/v1/visitors/returning?from=2026-03-31&to=2026-04-01", key);
    app.get("/api/v1/visitors/new?day=2026-04-01", key);
    app.put("/api/v1/experiments/checkout",
        new JsonObject().put("arms", new JsonObject().put("control", 50).put("treatment", 50)), key);
    app.post("/api/v1/experiments/checkout/assignments/user:1", null, key);
    String lock = app.post("/api/v1/locks/report", new JsonObject().put("ttlMs", 60_000), key).json().getString("token");
    app.put("/api/v1/locks/report", new JsonObject().put("token", lock).put("ttlMs", 60_000), key);
    app.post("/api/v1/locks/held", new JsonObject().put("ttlMs", 60_000), key);
    app.delete("/api/v1/locks/report?token=" + lock, key);
    app.put("/api/v1/users/42", new JsonObject().put("name", "Alice").put("login_count", 0), key);
    app.post("/api/v1/users/42/incr", new JsonObject().put("field", "login_count"), key);
    app.post("/api/v1/leaderboards/forever/scores", new JsonObject().put("member", "a").put("score", 1), key);
    app.put("/api/v1/leaderboards/daily", new JsonObject().put("reset", "daily"), key);
    app.post("/api/v1/leaderboards/daily/scores", new JsonObject().put("member", "a").put("score", 1), key);
    app.post("/api/v1/ratelimit/check", new JsonObject().put("key", "user:1").put("limit", 5).put("windowMs", 60_000), key);
    // a durable channel's history and its trimmed marker (history size 1: the second publish trims)
    for (int i = 0; i < 3; i++) {
      app.post("/api/v1/notifications", new JsonObject().put("channel", "news:ttl").put("payload", i), key);
    }
    app.post("/api/v1/notifications", new JsonObject().put("userId", "42").put("payload", "hi"), key);
    // an order (its idempotency and billing markers), a group made over HTTP (the gauge registry) and a read
    app.post("/api/v1/orders", new JsonObject().put("orderId", "ttl-1").put("userId", "42").put("amount", "1.00"), key);
    app.put("/api/v1/streams/audit/groups/readers", new JsonObject().put("from", "0"), key);
    app.post("/api/v1/streams/audit/events", new JsonObject().put("event", new JsonObject().put("n", 1)), key);
    app.post("/api/v1/streams/audit/groups/readers/read", new JsonObject().put("consumer", "c"), key);
  }
}
