package io.redwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RedwireTest
class AuthIT {

  static TestRedis redis;
  static TestApp app;

  @BeforeAll
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }


  @Test
  void missingMalformedAndUnknownTokensAre401() {
    Reply none = app.get("/api/v1/counters/c", null);
    assertEquals(401, none.status());
    assertEquals("application/problem+json", none.contentType());
    assertNotNull(none.header("WWW-Authenticate"));

    Reply basic = app.send("GET", "/api/v1/counters/c", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz"));
    assertEquals(401, basic.status());

    assertEquals(401, app.get("/api/v1/counters/c", "not-a-known-key").status());
    // well-formed session token that does not exist
    assertEquals(401, app.get("/api/v1/counters/c", "A".repeat(43)).status());
  }

  @Test
  void serviceKeyMayNotUseAdminRoutesButAdminMay() {
    assertEquals(403, app.get("/api/v1/admin/redis", TestApp.SERVICE_KEY).status());
    assertEquals(403, app.get("/api/v1/admin/keys", TestApp.SERVICE_KEY).status());
    assertEquals(200, app.get("/api/v1/admin/redis", TestApp.ADMIN_KEY).status());
    assertEquals(200, app.get("/api/v1/counters/c", TestApp.ADMIN_KEY).status());
    assertEquals(200, app.get("/api/v1/counters/c", TestApp.SERVICE_KEY).status());
  }

  @Test
  void sessionTokenActsAsItsUserWithTheUserRole() {
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), TestApp.SERVICE_KEY)
        .json().getString("token");
    String other = app.post("/api/v1/sessions", new JsonObject().put("userId", "43"), TestApp.SERVICE_KEY)
        .json().getString("token");

    Reply own = app.get("/api/v1/sessions/" + token, token);
    assertEquals(200, own.status(), own.body());
    assertEquals("42", own.json().getString("userId"));

    assertEquals(403, app.get("/api/v1/sessions/" + other, token).status(), "a user reads only its own session");
    assertEquals(403, app.post("/api/v1/counters/c/incr", null, token).status());
    assertEquals(403, app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), token).status());
    assertEquals(403, app.get("/api/v1/admin/redis", token).status());

    app.delete("/api/v1/sessions/" + token, TestApp.SERVICE_KEY);
    assertEquals(401, app.get("/api/v1/sessions/" + token, token).status(), "a deleted session no longer authenticates");
  }

  @Test
  void unauthenticatedOperationsEndpointsNeedNoToken() {
    assertEquals(200, app.get("/health/live", null).status());
    assertEquals(200, app.get("/health/ready", null).status());
    assertEquals(200, app.get("/metrics", null).status());
    Reply openApi = app.get("/openapi.yaml", null);
    assertEquals(200, openApi.status());
    assertTrue(openApi.body().startsWith("openapi: 3"));
  }
}
