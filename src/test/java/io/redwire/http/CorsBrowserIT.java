package io.redwire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.redis.RedisProcess;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser (headless Chromium, when installed) on a page from another origin calls the API:
 * allowed when that origin is configured, and able to read the rate-limit headers; blocked by the
 * browser otherwise. Skipped where no Chromium is on the PATH.
 */
@RedwireTest
class CorsBrowserIT {

  private static final Pattern RESULT = Pattern.compile("<pre id=\"out\">([^<]*)</pre>");

  @Test
  void aPageFromAnAllowedOriginCallsTheApiAndOneFromAnotherIsBlocked(TestApps apps, @TempDir Path profile)
      throws Exception {
    Path chromium = onPath("chromium");
    assumeTrue(chromium != null, "no chromium on the PATH");
    Vertx vertx = Vertx.vertx();
    try {
      int pagePort = RedisProcess.freePort();
      String pageOrigin = "http://127.0.0.1:" + pagePort;
      TestApp allowing = apps.start(Map.of("REDWIRE_CORS_ALLOWED_ORIGINS", pageOrigin));
      TestApp other = apps.start(Map.of("REDWIRE_CORS_ALLOWED_ORIGINS", "https://elsewhere.example"));
      HttpServer pages = vertx.createHttpServer()
          .requestHandler(req -> {
            String api = req.getParam("api");
            if (api == null) {
              req.response().setStatusCode(404).end(); // the favicon, say: an unanswered one keeps Chromium waiting
            } else {
              req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page(Integer.parseInt(api)));
            }
          })
          .listen(pagePort, "127.0.0.1").await();
      try {
        String allowed = run(chromium, profile, pageOrigin + "/page.html?api=" + allowing.app().httpPort());
        assertEquals("status=200|value=2|limit=100000|requestId=yes", allowed,
            "the browser let the page read the answer and its headers");
        String blocked = run(chromium, profile, pageOrigin + "/page.html?api=" + other.app().httpPort());
        assertTrue(blocked.startsWith("blocked"), blocked);
      } finally {
        pages.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  /** A page that POSTs with a bearer key and JSON (so the browser sends a preflight) and shows what it could read. */
  private static String page(int apiPort) {
    return "<!doctype html><html><body><pre id=\"out\">pending</pre><script>"
        + "fetch('http://127.0.0.1:" + apiPort + "/api/v1/counters/browser/incr', {method: 'POST', headers: "
        + "{'Authorization': 'Bearer " + TestApp.SERVICE_KEY + "', 'Content-Type': 'application/json'}, body: '{\"by\": 2}'})"
        + ".then(r => r.json().then(j => { document.getElementById('out').textContent = 'status=' + r.status"
        + " + '|value=' + j.value + '|limit=' + r.headers.get('RateLimit-Limit')"
        + " + '|requestId=' + (r.headers.get('X-Request-Id') ? 'yes' : 'no'); }))"
        + ".catch(e => { document.getElementById('out').textContent = 'blocked: ' + e; });"
        + "</script></body></html>";
  }

  /** Loads the page in headless Chromium and returns what the page wrote, after its scripts ran. */
  private static String run(Path chromium, Path profile, String url) throws IOException, InterruptedException {
    Path dom = profile.resolve("dom-" + System.nanoTime() + ".html");
    Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + profile.resolve("p" + System.nanoTime()), "--virtual-time-budget=10000", "--dump-dom", url)
        .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!browser.waitFor(60, TimeUnit.SECONDS)) {
      browser.destroyForcibly();
      throw new AssertionError("chromium did not finish within 60 s");
    }
    Matcher m = RESULT.matcher(Files.readString(dom, StandardCharsets.UTF_8));
    assertTrue(m.find(), "the page rendered");
    return m.group(1);
  }

  private static Path onPath(String name) {
    for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
