package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.redis.RedisProcess;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live page in a real browser (Debian's headless Chromium driven through its chromium-driver): scores
 * posted over HTTP appear in order without a reload, a row that overtakes others moves with a marker, the
 * page reconnects by itself after its server restarts and shows live data again, and a board that is not
 * public shows the error until a token is typed in. Skipped where chromium or chromedriver is missing. On
 * failure a screenshot and the page's DOM are saved as target/live-page-failure-*.png / .html.
 * Standalone only: the page is a client of /ws, whose feed LiveLeaderboardIT runs on both topologies.
 */
@RedwireTest
class LivePageBrowserIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** One row as the page shows it: member|rank|movement marker|marker kind|score. */
  private static final String ROWS_SCRIPT = "return Array.from(document.querySelectorAll('#entries tbody tr'))"
      + ".map(tr => [tr.dataset.member, tr.cells[0].textContent, tr.cells[1].textContent,"
      + " tr.cells[1].dataset.change || '', tr.cells[3].textContent].join('|'));";

  private Path chromium;
  private Path chromedriver;

  /** Per test, so a machine without them reports each test as skipped. */
  @BeforeEach
  void findTheBrowser() {
    chromium = onPath("chromium");
    chromedriver = onPath("chromedriver");
    assumeTrue(chromium != null, "no chromium on the PATH");
    assumeTrue(chromedriver != null, "no chromedriver on the PATH (apt-get install chromium-driver)");
    // the driver is given explicitly: Selenium Manager must not look for (or download) one
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
  }

  @Test
  void scoresAppearLiveInOrderAndTheRowsMoveAndThePageReconnectsAfterARestart(TestRedis redis, TestApps apps,
      @TempDir Path profile, TestInfo test) throws Exception {
    String board = "page-" + System.nanoTime();
    TestApp writer = apps.start();
    int port = RedisProcess.freePort();
    // the page's server: a replica of the writer's (same key prefix) on a port that survives its restart
    Map<String, String> pageServer = Map.of("HTTP_PORT", String.valueOf(port), "REDWIRE_KEY_PREFIX", writer.prefix());
    AtomicReference<TestApp> serving = new AtomicReference<>(TestApp.start(redis, pageServer));
    try {
      browse(profile, test, browser -> {
        browser.get(serving.get().baseUrl() + "/#" + board);
        awaitState(browser, "live");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("empty")).isDisplayed());

        score(writer, board, "ann", 10);
        score(writer, board, "bob", 20);
        score(writer, board, "cid", 30);
        await().atMost(PATIENCE).until(() -> members(browser), equalTo(List.of("cid", "bob", "ann")));
        List<String> first = rows(browser);
        assertEquals("cid|1|new|new|30", first.get(0), "the last newcomer is marked new");
        // ann and bob may have come in one frame or two (then moved down one): their markers vary, not their places
        assertEquals(List.of("bob|2|20", "ann|3|10"), first.subList(1, 3).stream().map(LivePageBrowserIT::unmarked).toList());
        assertFalse(browser.findElement(By.id("empty")).isDisplayed());

        score(writer, board, "ann", 40);
        await().atMost(PATIENCE).until(() -> members(browser), equalTo(List.of("ann", "cid", "bob")));
        assertEquals(List.of("ann|1|▲2|up|40", "cid|2|▼1|down|30", "bob|3|▼1|down|20"), rows(browser),
            "ann overtook two places, the others went down one");

        serving.getAndSet(null).close();
        awaitState(browser, "reconnecting");
        assertThat(stateText(browser), startsWith("reconnecting in "));
        assertEquals(List.of("ann", "cid", "bob"), members(browser), "the last board stays on screen meanwhile");

        score(writer, board, "dan", 50); // while the page's server is down
        serving.set(TestApp.start(redis, pageServer));
        await().atMost(PATIENCE).until(() -> members(browser), equalTo(List.of("dan", "ann", "cid", "bob")));
        awaitState(browser, "live");
        assertEquals("dan|1|new|new|50", rows(browser).get(0), "what it missed is marked like a live change");

        score(writer, board, "bob", 60);
        await().atMost(PATIENCE).until(() -> rows(browser).get(0), equalTo("bob|1|▲3|up|60"));
      });
    } finally {
      TestApp app = serving.get();
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  void aBoardThatIsNotPublicShowsTheErrorUntilATokenIsGiven(TestApps apps, @TempDir Path profile, TestInfo test)
      throws Exception {
    TestApp app = apps.start(Map.of("REDWIRE_PUBLIC_LEADERBOARDS", "false"));
    String board = "private-" + System.nanoTime();
    score(app, board, "ann", 5);
    browse(profile, test, browser -> {
      browser.get(app.baseUrl() + "/#" + board);
      awaitState(browser, "error");
      assertEquals("error: leaderboards are not public here: authenticate first", stateText(browser));
      assertEquals(List.of(), members(browser));

      WebElement token = browser.findElement(By.id("token"));
      token.sendKeys("not-a-key-of-this-server");
      browser.findElement(By.id("open")).click();
      await().atMost(PATIENCE).until(() -> stateText(browser), equalTo("error: Unknown token"));
      assertEquals("error", browser.findElement(By.id("state")).getDomAttribute("data-state"));
      assertEquals(List.of(), members(browser));

      token.clear();
      token.sendKeys(TestApp.SERVICE_KEY);
      browser.findElement(By.id("open")).click();
      awaitState(browser, "live");
      await().atMost(PATIENCE).until(() -> members(browser), equalTo(List.of("ann")));

      String url = browser.getCurrentUrl();
      assertFalse(url.contains(TestApp.SERVICE_KEY), "the token never goes into the URL: " + url);
      assertEquals(app.baseUrl() + "/#" + board, url);
    });
  }

  // ------------------------------------------------------------------ the browser

  interface BrowserSteps {
    void run(WebDriver browser) throws Exception;
  }

  /** Runs {@code steps} in a fresh headless Chromium; on failure saves what the page looked like under target/. */
  private void browse(Path profile, TestInfo test, BrowserSteps steps) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1024,900", "--user-data-dir=" + profile.resolve("chromium-" + System.nanoTime()));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    WebDriver browser = new ChromeDriver(service, options);
    try {
      browser.manage().timeouts().pageLoadTimeout(PATIENCE);
      steps.run(browser);
    } catch (Throwable failure) {
      saveEvidence(browser, test.getTestMethod().map(m -> m.getName()).orElse("test"));
      throw failure;
    } finally {
      browser.quit();
    }
  }

  private static void saveEvidence(WebDriver browser, String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target"));
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), dir.resolve("live-page-failure-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("live-page-failure-" + name + ".html"), browser.getPageSource(),
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save the failed page: " + e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> rows(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(ROWS_SCRIPT);
  }

  /** A row without its marker: member|rank|score. */
  private static String unmarked(String row) {
    String[] cells = row.split("\\|", -1);
    return cells[0] + "|" + cells[1] + "|" + cells[4];
  }

  private static List<String> members(WebDriver browser) {
    return rows(browser).stream().map(r -> r.substring(0, r.indexOf('|'))).toList();
  }

  private static String stateText(WebDriver browser) {
    return browser.findElement(By.id("state")).getText();
  }

  private static void awaitState(WebDriver browser, String state) {
    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("state")).getDomAttribute("data-state"),
        equalTo(state));
  }

  private static <T> void assertThat(T actual, org.hamcrest.Matcher<? super T> matcher) {
    org.hamcrest.MatcherAssert.assertThat(actual, matcher);
  }

  // ------------------------------------------------------------------ the server side

  private static void score(TestApp app, String board, String member, double score) {
    var reply = app.post("/api/v1/leaderboards/" + board + "/scores",
        new JsonObject().put("member", member).put("score", score).put("mode", "set"), TestApp.SERVICE_KEY);
    assertEquals(200, reply.status(), reply.toString());
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
