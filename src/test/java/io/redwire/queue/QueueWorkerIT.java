package io.redwire.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue-worker verticle with its built-in handlers, webhooks against a local HTTP server, and faults. */
@RedwireTest(env = {
    "REDWIRE_QUEUE_HANDLERS=hooks:webhooks,slow:webhooks,notes:notifications",
    "REDWIRE_WEBHOOK_ALLOWED_HOSTS=127.0.0.1",
    "REDWIRE_WEBHOOK_ALLOW_PRIVATE=true",
    "REDWIRE_WEBHOOK_SECRET=test-webhook-secret",
    "REDWIRE_QUEUE_LEASE_MS=8000",
    "REDWIRE_WEBHOOK_TIMEOUT_MS=6000",
    "REDWIRE_QUEUE_REAP_INTERVAL_MS=100"})
@OnEveryTopology
class QueueWorkerIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestApp app;
  static Vertx vertx;
  static HttpServer target;
  static int port;
  static final AtomicInteger connections = new AtomicInteger();
  static final List<HttpServerRequest> received = new CopyOnWriteArrayList<>();
  static volatile Consumer<HttpServerRequest> answer;

  @BeforeAll
  static void startTarget() {
    vertx = Vertx.vertx();
    target = vertx.createHttpServer().connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(req -> req.body().onSuccess(body -> {
          received.add(req);
          req.headers().add("x-test-body", body.toString());
          answer.accept(req);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    port = target.actualPort();
  }

  @AfterAll
  static void stopTarget() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @BeforeEachTopology
  static void start(TestApp a) {
    app = a;
  }

  @BeforeEach
  void reset() {
    received.clear();
    answer = req -> req.response().setStatusCode(200).end();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static Reply webhook(TestApp on, String queue, String path, JsonObject options) {
    JsonObject payload = new JsonObject().put("url", url(path)).put("body", new JsonObject().put("order", 42))
        .put("headers", new JsonObject().put("X-Tenant", "t1"));
    return on.post("/api/v1/queues/" + queue + "/jobs", options.copy().put("payload", payload), KEY);
  }

  static JsonObject job(TestApp on, String queue, String id) {
    return on.get("/api/v1/queues/" + queue + "/jobs/" + id, KEY).json();
  }

  @Test
  void aWebhookIsPostedSignedAndTheJobCompletes() {
    Reply r = webhook(app, "hooks", "/ok", new JsonObject());
    assertEquals(202, r.status(), r.body());
    String id = r.json().getString("jobId");
    await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(job(app, "hooks", id).getString("state")));
    HttpServerRequest req = received.get(0);
    String body = req.getHeader("x-test-body");
    assertEquals(new JsonObject().put("order", 42), new JsonObject(body));
    assertEquals("t1", req.getHeader("X-Tenant"));
    assertEquals(id, req.getHeader("X-Redwire-Job-Id"));
    String timestamp = req.getHeader("X-Redwire-Timestamp");
    assertEquals("sha256=" + WebhookHandler.sign("test-webhook-secret".getBytes(), timestamp, body),
        req.getHeader("X-Redwire-Signature"), "receivers verify HMAC-SHA256 over timestamp.body");
  }

  @Test
  void aFailingTargetIsRetriedWithBackoffThenFailedAndCanBeRetriedByHand() {
    answer = req -> req.response().setStatusCode(500).end();
    String id = webhook(app, "hooks", "/down", new JsonObject().put("maxAttempts", 3).put("backoffMs", 200))
        .json().getString("jobId");
    await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(job(app, "hooks", id).getString("state")));
    JsonObject failed = job(app, "hooks", id);
    assertEquals(3, failed.getInteger("attempts"));
    assertEquals("webhook answered 500", failed.getString("lastError"));
    assertEquals(3, received.size(), "one request per attempt");
    answer = req -> req.response().setStatusCode(204).end();
    assertEquals(202, app.post("/api/v1/queues/hooks/failed/" + id + "/retry", new JsonObject(), KEY).status());
    await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(job(app, "hooks", id).getString("state")));
    assertEquals(4, received.size());
  }

  @Test
  void aClientErrorFailsTheJobAtOnce() {
    answer = req -> req.response().setStatusCode(422).end();
    String id = webhook(app, "hooks", "/reject", new JsonObject().put("backoffMs", 100)).json().getString("jobId");
    await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(job(app, "hooks", id).getString("state")));
    assertEquals(1, received.size(), "4xx is not retried");
    assertEquals("webhook answered 422", job(app, "hooks", id).getString("lastError"));
  }

  @Test
  void disallowedAndPrivateTargetsAreRefusedWithoutAConnection(TestApps apps) {
    TestApp strict = apps.start(Map.of("REDWIRE_WEBHOOK_ALLOW_PRIVATE", "false",
        "REDWIRE_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
    int before = connections.get();
    Reply privateTarget = webhook(strict, "hooks", "/x", new JsonObject());
    assertEquals(400, privateTarget.status(), privateTarget.body());
    assertTrue(privateTarget.body().contains("loopback"), privateTarget.body());
    Reply notAllowed = strict.post("/api/v1/queues/hooks/jobs", new JsonObject().put("payload",
        new JsonObject().put("url", "http://evil.example.com/x").put("body", 1)), KEY);
    assertEquals(400, notAllowed.status());
    assertTrue(notAllowed.body().contains("REDWIRE_WEBHOOK_ALLOWED_HOSTS"), notAllowed.body());
    Reply badScheme = strict.post("/api/v1/queues/hooks/jobs", new JsonObject().put("payload",
        new JsonObject().put("url", "file:///etc/passwd").put("body", 1)), KEY);
    assertEquals(400, badScheme.status());
    Reply reserved = strict.post("/api/v1/queues/hooks/jobs", new JsonObject().put("payload",
        new JsonObject().put("url", url("/x")).put("body", 1).put("headers", new JsonObject().put("Host", "a"))), KEY);
    assertEquals(400, reserved.status(), "reserved headers cannot be set");
    assertEquals(0, strict.get("/api/v1/queues/hooks", KEY).json().getInteger("waiting"));
    assertEquals(before, connections.get(), "no connection was made to the refused targets");
  }

  @Test
  void jobsOfAReplicaClosedMidWorkAreCompletedByTheSurvivor(TestApps apps) {
    // a replica of its own (own key prefix) takes every job first: the survivor starts after that
    TestApp doomed = apps.start(Map.of("REDWIRE_QUEUE_HANDLERS", "slow:webhooks"));
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    answer = held::add;
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(webhook(doomed, "slow", "/slow", new JsonObject()).json().getString("jobId"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 6);
    assertEquals(6, doomed.get("/api/v1/queues/slow", KEY).json().getInteger("active"),
        () -> ids.stream().map(id -> job(doomed, "slow", id).encode()).toList() + " held " + held.stream().map(r -> r.path() + r.getHeader("X-Redwire-Job-Id")).toList());
    TestApp survivor = apps.replicaOf(doomed);
    answer = req -> req.response().setStatusCode(200).end();
    doomed.close();
    // the doomed replica's requests get their answer only now: too late, it is gone and acks nothing
    held.forEach(r -> r.response().setStatusCode(200).end());
    await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
        .allMatch(id -> "completed".equals(job(survivor, "slow", id).getString("state"))));
    for (String id : ids) {
      assertEquals(2, job(survivor, "slow", id).getInteger("attempts"), "delivered again once: " + id);
    }
    assertEquals(12, received.size(), "each job was posted by the doomed replica, then once by the survivor");
    JsonObject counts = survivor.get("/api/v1/queues/slow", KEY).json();
    assertEquals(0, counts.getInteger("active"));
    assertEquals(0, counts.getInteger("waiting"));
    assertEquals(6, counts.getInteger("completed"));
  }

  @Test
  void theNotificationsHandlerPublishesAndJobEventsReachQueueChannels() {
    try (QueueWs ws = QueueWs.connect(app, TestApp.SERVICE_KEY)) {
      ws.subscribe("news:jobs");
      ws.subscribe("queue:notes");
      await().atMost(Duration.ofSeconds(10)).until(() -> ws.subscribed("news:jobs") && ws.subscribed("queue:notes"));
      Reply r = app.post("/api/v1/queues/notes/jobs", new JsonObject().put("payload",
          new JsonObject().put("channel", "news:jobs").put("payload", new JsonObject().put("title", "hi"))), KEY);
      assertEquals(202, r.status(), r.body());
      String id = r.json().getString("jobId");
      await().atMost(Duration.ofSeconds(15)).until(() -> !ws.payloads("news:jobs").isEmpty()
          && !ws.payloads("queue:notes").isEmpty());
      assertEquals(new JsonObject().put("title", "hi"), ws.payloads("news:jobs").get(0));
      JsonObject event = ws.payloads("queue:notes").get(0);
      assertEquals("completed", event.getString("event"));
      assertEquals(id, event.getString("jobId"));
    }
    Reply bad = app.post("/api/v1/queues/notes/jobs", new JsonObject().put("payload",
        new JsonObject().put("channel", "queue:x").put("payload", 1)), KEY);
    assertEquals(400, bad.status(), "a notification job names a broadcast channel or a user");
  }
}
