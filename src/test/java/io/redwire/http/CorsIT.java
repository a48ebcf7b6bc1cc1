package io.redwire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Browsers on the configured origins may call the API and read the headers that matter. */
@RedwireTest(env = "REDWIRE_CORS_ALLOWED_ORIGINS=https://app.example.com, http://localhost:3000")
class CorsIT {

  static final String ORIGIN = "https://app.example.com";

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered(TestApp app) {
    Reply preflight = app.send("OPTIONS", "/api/v1/users/42", null, null, Map.of("Origin", ORIGIN,
        "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization, if-match"));
    assertEquals(204, preflight.status());
    assertEquals(ORIGIN, preflight.header("Access-Control-Allow-Origin"));
    assertTrue(preflight.header("Access-Control-Allow-Methods").contains("PATCH"));
    assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));
    assertTrue(preflight.header("Access-Control-Allow-Headers").contains("If-Match"));
    assertNull(preflight.header("Access-Control-Allow-Credentials"), "bearer tokens, never cookies");
  }

  @Test
  void anAllowedOriginCanReadETagsAndRateLimitHeaders(TestApp app) {
    Reply r = app.send("GET", "/api/v1/counters/cors", null, TestApp.SERVICE_KEY, Map.of("Origin", ORIGIN));
    assertEquals(200, r.status());
    assertEquals(ORIGIN, r.header("Access-Control-Allow-Origin"));
    assertEquals("Origin", r.header("Vary"));
    String exposed = r.header("Access-Control-Expose-Headers");
    for (String header : new String[] {"ETag", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
        "Retry-After", "X-Request-Id"}) {
      assertTrue(exposed.contains(header), header);
    }
    Reply refused = app.send("GET", "/api/v1/counters/cors", null, null, Map.of("Origin", ORIGIN));
    assertEquals(401, refused.status());
    assertEquals(ORIGIN, refused.header("Access-Control-Allow-Origin"), "errors are readable by the page too");
  }

  @Test
  void otherOriginsGetNoCorsHeadersButTheSameAnswer(TestApp app) {
    Reply r = app.send("GET", "/api/v1/counters/cors", null, TestApp.SERVICE_KEY, Map.of("Origin", "https://evil.example"));
    assertEquals(200, r.status());
    assertNull(r.header("Access-Control-Allow-Origin"));
  }

  @Test
  void withoutConfiguredOriginsThereIsNoCorsAtAllAndStarAllowsAny(TestApps apps) {
    TestApp none = apps.start(Map.of("REDWIRE_CORS_ALLOWED_ORIGINS", ""));
    assertNull(none.send("GET", "/health/live", null, null, Map.of("Origin", ORIGIN)).header("Access-Control-Allow-Origin"));
    TestApp any = apps.start(Map.of("REDWIRE_CORS_ALLOWED_ORIGINS", "*"));
    Reply r = any.send("GET", "/health/live", null, null, Map.of("Origin", "https://anywhere.example"));
    assertEquals("*", r.header("Access-Control-Allow-Origin"));
    assertNull(r.header("Vary"));
  }
}
