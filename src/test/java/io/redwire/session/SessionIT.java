package io.redwire.session;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@RedwireTest
@OnEveryTopology
class SessionIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }


  @Test
  void createReadAndDelete() {
    JsonObject data = new JsonObject().put("cart", 3).put("theme", "dark");
    Reply created = app.post("/api/v1/sessions",
        new JsonObject().put("userId", "42").put("ttlSeconds", 600).put("data", data), KEY);
    assertEquals(201, created.status());
    String token = created.json().getString("token");
    assertEquals(43, token.length());
    Instant expiresAt = Instant.parse(created.json().getString("expiresAt"));
    assertTrue(Duration.between(Instant.now(), expiresAt).toSeconds() > 590);

    Reply read = app.get("/api/v1/sessions/" + token, KEY);
    assertEquals(200, read.status());
    assertEquals("42", read.json().getString("userId"));
    assertEquals(data, read.json().getJsonObject("data"));
    assertTrue(read.json().getLong("ttlSeconds") > 590 && read.json().getLong("ttlSeconds") <= 600);

    long ttl = redis.client().number("TTL", app.prefix() + "session:" + token);
    assertTrue(ttl > 590 && ttl <= 600, "the session key carries the TTL, was " + ttl);

    assertEquals(204, app.delete("/api/v1/sessions/" + token, KEY).status());
    assertEquals(404, app.get("/api/v1/sessions/" + token, KEY).status());
    assertEquals(204, app.delete("/api/v1/sessions/" + token, KEY).status(), "deleting again is still 204");
  }

  @Test
  void defaultTtlComesFromConfig() {
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "7"), KEY).json().getString("token");
    long ttl = redis.client().number("TTL", app.prefix() + "session:" + token);
    assertTrue(ttl > 3590 && ttl <= 3600, "default 3600 s, was " + ttl);
  }

  @Test
  void touchSlidesTheExpiryBackToTheOriginalLength() {
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "9").put("ttlSeconds", 1000), KEY)
        .json().getString("token");
    String key = app.prefix() + "session:" + token;
    redis.call("EXPIRE", key, "100");
    Reply plain = app.get("/api/v1/sessions/" + token, KEY);
    assertTrue(plain.json().getLong("ttlSeconds") <= 100, "a plain read does not extend");
    Reply touched = app.get("/api/v1/sessions/" + token + "?touch=true", KEY);
    assertEquals(200, touched.status());
    assertTrue(touched.json().getLong("ttlSeconds") > 990, "touch resets to 1000 s");
    assertTrue(redis.client().number("TTL", key) > 990);
  }

  @Test
  void expiredSessionIsGone() {
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "5").put("ttlSeconds", 1), KEY)
        .json().getString("token");
    redis.call("PEXPIRE", app.prefix() + "session:" + token, "1");
    await("the session to expire").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> app.get("/api/v1/sessions/" + token, KEY).status() == 404);
    assertEquals(401, app.get("/api/v1/sessions/" + token, token).status());
  }

  @Test
  void badInputIs400AndCreatesNothing() {
    String[] bodies = {
        "{}",
        "{\"userId\": \"\"}",
        "{\"userId\": \"has space\"}",
        "{\"userId\": 42}",
        "{\"userId\": \"42\", \"ttlSeconds\": 0}",
        "{\"userId\": \"42\", \"ttlSeconds\": 2592001}",
        "{\"userId\": \"42\", \"ttlSeconds\": \"60\"}",
        "{\"userId\": \"42\", \"data\": [1, 2]}",
        "{\"userId\": \"42\", \"extra\": true}",
    };
    int sessionsBefore = redis.client().scan(app.prefix() + "session:*").size();
    for (String body : bodies) {
      Reply r = app.send("POST", "/api/v1/sessions", body, KEY, java.util.Map.of());
      assertEquals(400, r.status(), body + " -> " + r);
    }
    assertEquals(sessionsBefore, redis.client().scan(app.prefix() + "session:*").size(), "no session was written");
    assertEquals(400, app.get("/api/v1/sessions/short", KEY).status());
    assertEquals(400, app.get("/api/v1/sessions/" + "A".repeat(43) + "?touch=yes", KEY).status());
    assertNull(redis.call("GET", app.prefix() + "session:" + "A".repeat(43)));
  }
}
