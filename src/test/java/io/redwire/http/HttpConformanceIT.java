package io.redwire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What browsers, proxies and client generators expect of any HTTP server (RFC 9110, RFC 6750). */
@RedwireTest(env = "REDWIRE_BODY_LIMIT_BYTES=2048")
class HttpConformanceIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void headAnswersEveryGetRouteLikeGetWithoutTheBody(TestApp app) {
    for (String path : new String[] {"/health/live", "/openapi.yaml", "/api/v1/counters/h"}) {
      Reply get = app.send("GET", path, null, KEY, Map.of());
      Reply head = app.send("HEAD", path, null, KEY, Map.of());
      assertEquals(200, head.status(), path);
      assertEquals("", head.body(), path + ": no body");
      assertEquals(get.contentType(), head.contentType(), path);
    }
    Reply head = app.send("HEAD", "/api/v1/counters/h", null, KEY, Map.of());
    assertTrue(head.header("RateLimit-Limit") != null, "an API HEAD is rate limited like its GET");
    assertEquals(401, app.send("HEAD", "/api/v1/counters/h", null, null, Map.of()).status());
  }

  @Test
  void optionsListsTheMethodsOfAPath(TestApp app) {
    Reply counter = app.send("OPTIONS", "/api/v1/counters/o", null, null, Map.of());
    assertEquals(204, counter.status());
    assertEquals("GET, HEAD, OPTIONS", counter.header("Allow"));
    Reply lock = app.send("OPTIONS", "/api/v1/locks/o", null, null, Map.of());
    assertEquals("DELETE, GET, HEAD, OPTIONS, POST, PUT", lock.header("Allow"));
    assertEquals(404, app.send("OPTIONS", "/api/v1/nowhere", null, null, Map.of()).status());
    Reply wrong = app.send("DELETE", "/api/v1/counters/o", null, KEY, Map.of());
    assertEquals(405, wrong.status());
    assertEquals("GET, HEAD, OPTIONS", wrong.header("Allow"));
  }

  @Test
  void problemTitlesAreTheStatusPhrases(TestApp app) {
    assertEquals("Method Not Allowed", app.send("DELETE", "/api/v1/counters/t", null, KEY, Map.of()).json()
        .getString("title"));
    assertEquals("Content Too Large", app.send("POST", "/api/v1/sessions",
        "{\"userId\":\"1\",\"data\":{\"x\":\"" + "y".repeat(3000) + "\"}}", KEY, Map.of()).json().getString("title"));
    assertEquals("Not Found", app.get("/api/v1/nowhere", KEY).json().getString("title"));
    assertEquals("Bad Request", app.get("/api/v1/counters/bad%20name", KEY).json().getString("title"));
    assertEquals("Unauthorized", app.get("/api/v1/counters/t", null).json().getString("title"));
    assertEquals("Forbidden", app.get("/api/v1/admin/redis", KEY).json().getString("title"));
  }

  @Test
  void aRejectedTokenIsAnInvalidTokenChallengeAndNoTokenIsAPlainOne(TestApp app) {
    Reply none = app.get("/api/v1/counters/c", null);
    assertEquals(401, none.status());
    assertEquals("Bearer realm=\"redwire\"", none.header("WWW-Authenticate"));
    for (String token : new String[] {"not-a-key-and-not-a-session", "A".repeat(43)}) {
      Reply bad = app.get("/api/v1/counters/c", token);
      assertEquals(401, bad.status());
      assertEquals("Bearer realm=\"redwire\", error=\"invalid_token\"", bad.header("WWW-Authenticate"), token);
    }
  }

  @Test
  void a415SaysWhatTheResourceAccepts(TestApp app) {
    Reply post = app.send("POST", "/api/v1/counters/m/incr", "by=1", KEY, Map.of("Content-Type", "text/plain"));
    assertEquals(415, post.status());
    assertEquals("application/json", post.header("Accept"));
    assertNull(post.header("Accept-Patch"));
    Reply patch = app.send("PATCH", "/api/v1/users/m", "a=1", KEY, Map.of("Content-Type", "text/plain"));
    assertEquals(415, patch.status());
    assertEquals("application/json", patch.header("Accept-Patch"));
    assertFalse(patch.json().getString("title").isEmpty());
  }
}
