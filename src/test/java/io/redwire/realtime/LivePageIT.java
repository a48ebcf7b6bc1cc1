package io.redwire.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.Reply;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live page as HTTP serves it (the browser test, {@link LivePageBrowserIT}, shows it working): its files
 * with their types, revalidation instead of long caching, HEAD, 304, and nothing else shadowed or exposed.
 * Standalone only: the page is a client of /ws, whose feed LiveLeaderboardIT runs on both topologies.
 */
@RedwireTest
class LivePageIT {

  @Test
  void theRootServesThePageAndItsFilesWithTheirTypes(TestApp app) {
    Reply page = app.get("/", null);
    assertEquals(200, page.status());
    assertEquals("text/html;charset=UTF-8", page.contentType());
    assertTrue(page.body().contains("<script src=\"/assets/live.js\""), page.body());

    Reply script = app.get("/assets/live.js", null);
    assertEquals(200, script.status());
    assertTrue(script.contentType().endsWith("javascript;charset=UTF-8"), script.contentType());
    assertTrue(script.body().contains("'leaderboard:'"), "the page's script");

    Reply style = app.get("/assets/live.css", null);
    assertEquals(200, style.status());
    assertEquals("text/css;charset=UTF-8", style.contentType());
  }

  @Test
  void browsersRevalidateThePageAndGetA304WhenItIsUnchanged(TestApp app) {
    Reply page = app.get("/", null);
    assertEquals("no-cache", page.header("Cache-Control"), "no long-lived or immutable caching of unversioned files");
    String lastModified = page.header("Last-Modified");
    assertNotNull(lastModified);
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"), page.header("Content-Security-Policy"));

    Reply again = app.send("GET", "/", null, null, Map.of("If-Modified-Since", lastModified));
    assertEquals(304, again.status());
    assertEquals("", again.body());
  }

  @Test
  void headAnswersLikeGetWithoutTheBody(TestApp app) {
    Reply get = app.get("/assets/live.js", null);
    Reply head = app.send("HEAD", "/assets/live.js", null, null, Map.of());
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
        head.header("Content-Length"));
  }

  @Test
  void anUnknownFileIsAProblem404AndOtherMethodsAre405(TestApp app) {
    for (String path : new String[] {"/assets/nope.js", "/assets/.hidden", "/index.html", "/assets/"}) {
      Reply missing = app.get(path, null);
      assertEquals(404, missing.status(), path);
      assertEquals("application/problem+json", missing.contentType(), path);
    }
    Reply post = app.post("/", null, null);
    assertEquals(405, post.status());
    assertEquals("GET, HEAD, OPTIONS", post.header("Allow"));
    assertEquals(405, app.post("/assets/live.js", null, null).status());
  }

  @Test
  void thePageShadowsNoOtherRoute(TestApp app) {
    assertEquals(200, app.get("/health/live", null).status());
    assertEquals(200, app.get("/openapi.yaml", null).status());
    assertTrue(app.get("/metrics", null).body().contains("route=\"/assets/{file}\""),
        "page requests are counted under one route template");
    assertEquals(401, app.get("/api/v1/leaderboards/global/top", null).status(), "the API still asks for a token");
    assertEquals(426, app.get("/ws", null).status(), "/ws is still the WebSocket");
  }
}
