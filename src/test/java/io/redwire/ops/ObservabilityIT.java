package io.redwire.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What operators read: process metrics, request ids, the access log, and logs without secrets. */
@RedwireTest(redis = RedisSource.PRIVATE, env = {"REDWIRE_ACCESS_LOG=true", "REDWIRE_REDIS_TIMEOUT_MS=300"})
class ObservabilityIT {

  static final String KEY = TestApp.SERVICE_KEY;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    for (String name : new String[] {"redwire.access", "io.redwire.http.FailureHandler"}) {
      ((Logger) LoggerFactory.getLogger(name)).addAppender(logs);
    }
  }

  @AfterEach
  void releaseLogs() {
    for (String name : new String[] {"redwire.access", "io.redwire.http.FailureHandler"}) {
      ((Logger) LoggerFactory.getLogger(name)).detachAppender(logs);
    }
  }

  @Test
  void metricsCoverTheJvmAndTheProcess(TestApp app) {
    String metrics = app.get("/metrics", null).body();
    for (String name : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_cpu_usage", "system_cpu_count", "process_files_open_files", "process_uptime_seconds", "jvm_info"}) {
      assertTrue(metrics.contains(name), name);
    }
  }

  @Test
  void everyResponseCarriesARequestIdTheCallersIfSane(TestApp app) {
    Reply first = app.get("/health/live", null);
    Reply second = app.get("/health/live", null);
    assertNotNull(first.header("X-Request-Id"));
    assertNotEquals(first.header("X-Request-Id"), second.header("X-Request-Id"));
    Reply echoed = app.send("GET", "/api/v1/counters/r", null, KEY, Map.of("X-Request-Id", "trace-42.a:b_c"));
    assertEquals("trace-42.a:b_c", echoed.header("X-Request-Id"));
    Reply replaced = app.send("GET", "/health/live", null, null, Map.of("X-Request-Id", "x".repeat(200)));
    assertEquals(-1, replaced.header("X-Request-Id").indexOf("xxxxx"), "an unusable id is replaced, not echoed");
  }

  @Test
  void theAccessLogRedactsTokensInPathsAndQueries(TestApp app) {
    String token = new JsonObject(app.post("/api/v1/sessions", new JsonObject().put("userId", "7"), KEY).body())
        .getString("token");
    app.get("/api/v1/sessions/" + token, KEY);
    app.delete("/api/v1/locks/doc?token=lock-secret-123", KEY);
    app.send("GET", "/api/v1/counters/logged", null, KEY, Map.of("X-Request-Id", "find-me-1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> messages().contains("find-me-1"));
    String all = messages();
    assertFalse(all.contains(token), "no session token in the access log");
    assertFalse(all.contains("lock-secret-123"), "no lock token in the access log");
    assertTrue(all.contains("/api/v1/sessions/***"), all);
    assertTrue(all.contains("token=***"), all);
    assertTrue(all.contains("GET /api/v1/counters/logged 200"), all);
  }

  @Test
  void aFailureLogNamesTheRequestButNotItsToken(TestRedis redis, TestApp app) {
    String token = new JsonObject(app.post("/api/v1/sessions", new JsonObject().put("userId", "8"), KEY).body())
        .getString("token");
    redis.stop();
    try {
      assertEquals(503, app.get("/api/v1/sessions/" + token, KEY).status());
    } finally {
      redis.startAgain();
    }
    String warnings = logs.list.stream().filter(e -> e.getLoggerName().endsWith("FailureHandler"))
        .map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    assertTrue(warnings.contains("-> 503"), warnings);
    assertFalse(warnings.contains(token), warnings);
    await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/health/ready", null).status() == 200);
  }

  @Test
  void scrapesAndProbesShareTheirRedisCalls(TestRedis redis, TestApp app) throws Exception {
    long infoBefore = calls(redis, "info");
    for (int i = 0; i < 20; i++) {
      assertEquals(200, app.get("/metrics", null).status());
    }
    // one INFO per cache interval per event loop (the app has one), plus this test's own two reads
    assertTrue(calls(redis, "info") - infoBefore <= 3, "20 scrapes cost at most one INFO");

    long pingsBefore = calls(redis, "ping");
    List<CompletableFuture<Integer>> probes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      probes.add(CompletableFuture.supplyAsync(() -> app.get("/health/ready", null).status()));
    }
    for (CompletableFuture<Integer> probe : probes) {
      assertEquals(200, probe.get());
    }
    assertTrue(calls(redis, "ping") - pingsBefore <= 3, "50 probes cost a PING or two");
  }

  private String messages() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
  }

  /** Calls of one command so far, from INFO commandstats (this read counts as an INFO itself). */
  private static long calls(TestRedis redis, String command) {
    String stats = String.valueOf(redis.call("INFO", "commandstats"));
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }
}
