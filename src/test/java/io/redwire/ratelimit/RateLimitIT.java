package io.redwire.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@RedwireTest(env = {"REDWIRE_RATE_LIMIT=" + RateLimitIT.LIMIT + "/60s",
    "REDWIRE_API_KEYS=" + RateLimitIT.HEADERS_KEY + ":service," + RateLimitIT.SESSION_MAKER_KEY + ":admin,"
        + RateLimitIT.ISOLATION_KEY + ":service," + RateLimitIT.TTL_KEY + ":admin"})
@OnEveryTopology
class RateLimitIT {

  static final int LIMIT = 5;
  // one API key per test, so each test starts with a full quota
  static final String HEADERS_KEY = "rl-headers-0123456789";
  static final String SESSION_MAKER_KEY = "rl-sessions-0123456789";
  static final String ISOLATION_KEY = "rl-isolation-0123456789";
  static final String TTL_KEY = "rl-ttl-0123456789";
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  @Test
  void advertisesTheQuotaAndRejectsPastItWithRetryAfter() {
    String key = HEADERS_KEY;
    for (int i = 1; i <= LIMIT; i++) {
      Reply r = app.get("/api/v1/counters/rl", key);
      assertEquals(200, r.status());
      assertEquals(String.valueOf(LIMIT), r.header("RateLimit-Limit"));
      assertEquals(String.valueOf(LIMIT - i), r.header("RateLimit-Remaining"));
      long reset = Long.parseLong(r.header("RateLimit-Reset"));
      assertTrue(reset >= 1 && reset <= 60, "reset " + reset);
      assertEquals("\"default\";q=" + LIMIT + ";w=60", r.header("RateLimit-Policy"));
      assertEquals("\"default\";r=" + (LIMIT - i) + ";t=" + reset, r.header("RateLimit"));
    }
    Reply rejected = app.get("/api/v1/counters/rl", key);
    assertEquals(429, rejected.status());
    assertEquals("application/problem+json", rejected.contentType());
    assertNotNull(rejected.header("Retry-After"));
    long retry = Long.parseLong(rejected.header("Retry-After"));
    assertTrue(retry >= 1 && retry <= 120, "retry-after " + retry);
    assertEquals("0", rejected.header("RateLimit-Remaining"));
  }

  @Test
  void rejectedRequestsConsumeNoQuota() {
    // a fresh principal: a new session user
    String user = "u" + UUID.randomUUID();
    String token = session(user);
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(200, app.get("/api/v1/sessions/" + token, token).status());
    }
    String limiterKey = app.prefix() + "ratelimit:{user:" + user + "}";
    long before = countedRequests(limiterKey);
    for (int i = 0; i < 10; i++) {
      assertEquals(429, app.get("/api/v1/sessions/" + token, token).status());
    }
    assertEquals(before, countedRequests(limiterKey), "429s leave the window counts untouched");
    assertEquals(LIMIT, before);
  }

  @Test
  void eachPrincipalHasItsOwnQuota() {
    for (int i = 0; i < LIMIT + 1; i++) {
      app.get("/api/v1/counters/x", ISOLATION_KEY);
    }
    assertEquals(429, app.get("/api/v1/counters/x", ISOLATION_KEY).status());
    String token = session("v" + UUID.randomUUID());
    assertEquals(200, app.get("/api/v1/sessions/" + token, token).status(), "another principal is not limited");
    // anonymous callers are limited per client IP: their 401s count, then they get 429
    int anonymous401 = 0;
    for (int i = 0; i < LIMIT + 3; i++) {
      if (app.get("/api/v1/counters/x", null).status() == 401) {
        anonymous401++;
      }
    }
    assertEquals(LIMIT, anonymous401);
    assertEquals(429, app.get("/api/v1/counters/x", "unknown-token").status());
  }

  @Test
  void forwardedClientAddressesAreTrustedOnlyWhenConfigured(TestApps apps) {
    Map<String, String> firstClient = Map.of("X-Forwarded-For", "203.0.113.7");
    Map<String, String> secondClient = Map.of("X-Forwarded-For", "203.0.113.8");
    // apps of their own: fresh anonymous quotas
    TestApp proxied = apps.start(Map.of("REDWIRE_TRUST_FORWARDED", "true"));
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(401, proxied.send("GET", "/api/v1/counters/x", null, null, firstClient).status());
    }
    assertEquals(429, proxied.send("GET", "/api/v1/counters/x", null, null, firstClient).status());
    assertEquals(401, proxied.send("GET", "/api/v1/counters/x", null, null, secondClient).status(),
        "another client behind the same proxy has its own quota");

    TestApp direct = apps.start();
    for (int i = 0; i < LIMIT; i++) {
      direct.send("GET", "/api/v1/counters/x", null, null, firstClient);
    }
    assertEquals(429, direct.send("GET", "/api/v1/counters/x", null, null, secondClient).status(),
        "without trust, a made-up X-Forwarded-For does not buy a fresh quota");
  }

  @Test
  void limiterKeysExpireAndNeverContainTheApiKey() {
    app.get("/api/v1/counters/x", TTL_KEY);
    List<String> keys = redis.client().scan(app.prefix() + "ratelimit:*");
    assertTrue(!keys.isEmpty());
    for (String k : keys) {
      assertTrue(!k.contains(TTL_KEY) && !k.contains(HEADERS_KEY), k);
      long ttl = redis.client().number("PTTL", k);
      assertTrue(ttl > 0 && ttl <= 120_000, k + " ttl " + ttl);
    }
  }

  /** A session for a new user; each session creation uses a request of SESSION_MAKER_KEY's quota. */
  private static String session(String user) {
    Reply r = app.post("/api/v1/sessions", new io.vertx.core.json.JsonObject().put("userId", user), SESSION_MAKER_KEY);
    assertEquals(201, r.status(), r.body());
    return r.json().getString("token");
  }

  private static long countedRequests(String key) {
    long total = 0;
    List<Object> flat = redis.client().list("HGETALL", key);
    for (int i = 1; i < flat.size(); i += 2) {
      total += Long.parseLong(flat.get(i).toString());
    }
    return total;
  }
}
