package io.redwire.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redwire.config.AppConfig;
import io.redwire.config.ConfigLoader;
import io.redwire.domain.NotReplicated;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.redwire.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * REDWIRE_REDIS_MIN_REPLICAS_ACK=1 on a master with one replica: a durable write answers 2xx only once the
 * replica has it; when the replica does not confirm in time the answer is 503 not-replicated (never a
 * hang, never a plain success), while reads and cache writes carry on.
 */
@RedwireTest(redis = RedisSource.PRIVATE, env = {
    "REDWIRE_REDIS_MIN_REPLICAS_ACK=1",
    "REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS=" + ReplicaAcksIT.ACK_TIMEOUT_MS})
class ReplicaAcksIT {

  static final long ACK_TIMEOUT_MS = 300;
  static final String KEY = TestApp.SERVICE_KEY;

  static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");

  static TestRedis replica;

  @BeforeAll
  static void startReplica(TestRedis master) {
    replica = TestRedis.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    await("the replica is in sync").atMost(Duration.ofSeconds(20))
        .until(() -> String.valueOf(replica.call("INFO", "replication")).contains("master_link_status:up"));
  }

  @AfterAll
  static void stopReplica() {
    replica.close();
  }

  @Test
  void aDurableWriteSucceedsOnceTheReplicaHasIt(TestApps apps) {
    TestApp app = apps.start();
    JsonObject fields = new JsonObject().put("name", "Ada").put("plan", "pro");
    assertEquals(200, app.put("/api/v1/users/ada", fields, KEY).status());
    // WAIT returned 1: the replica has applied it already, no waiting needed here
    assertEquals(List.of("Ada", "pro"), replica.call("HMGET", app.prefix() + "user:{ada}", "name", "plan"));

    Reply lock = app.post("/api/v1/locks/report", new JsonObject().put("ttlMs", 30_000), KEY);
    assertEquals(201, lock.status(), lock.body());
    assertEquals(lock.json().getString("token"), replica.call("GET", app.prefix() + "lock:{report}"));

    Reply incr = app.post("/api/v1/users/ada/incr", new JsonObject().put("field", "logins").put("by", 2), KEY);
    assertEquals(200, incr.status(), incr.body());
    assertEquals("2", replica.call("HGET", app.prefix() + "user:{ada}", "logins"));
  }

  @Test
  void aWriteTheReplicaDoesNotConfirmIs503NotReplicatedWhileReadsCarryOn(TestApps apps) throws Exception {
    TestApp app = apps.start();
    assertEquals(200, app.put("/api/v1/users/bob", new JsonObject().put("name", "Bob"), KEY).status());
    assertNotSame(app.app().platform().durable(), app.app().platform().cache(),
        "cache writes never wait: the cache role has a client of its own");

    replica.pause();
    try {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        Reply r = app.put("/api/v1/users/bob", new JsonObject().put("name", "Bob " + i), KEY);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("https://redwire.dev/problems/not-replicated", r.json().getString("type"));
        assertTrue(r.json().getString("detail").contains("0 of the 1 required replica(s)"), r.body());
        assertNotNull(r.header("Retry-After"));
        assertTrue(tookMs < 1000 + 4 * ACK_TIMEOUT_MS, "answers after about the ack timeout, took " + tookMs + " ms");
      }
      // the master applied it (the 503 says so): reads see it, and they do not queue behind a WAIT
      Reply read = app.get("/api/v1/users/bob", KEY);
      assertEquals(200, read.status());
      assertEquals("Bob 2", read.json().getJsonObject("fields").getString("name"));
      assertEquals(200, app.get("/api/v1/locks/report", KEY).status());
      assertEquals(200, app.post("/api/v1/counters/while-paused/incr", null, KEY).status(), "cache writes never wait");
    } finally {
      replica.resume();
    }
    await("writes are confirmed again once the replica is back").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> app.put("/api/v1/users/bob", new JsonObject().put("name", "Bob again"), KEY).status() == 200);
    assertEquals("Bob again", replica.call("HGET", app.prefix() + "user:{bob}", "name"));
  }

  /** Off the event loops (a worker thread, this test) the write and its WAIT share one pooled connection. */
  @Test
  void callsOffTheEventLoopsWaitForReplicasToo(TestApps apps) throws Exception {
    TestApp app = apps.start();
    SharedRedis durable = app.app().platform().durable();
    String key = app.prefix() + "off-loop";
    assertEquals("OK", durable.send(Command.SET, key, "1").await().toString());
    assertEquals("1", replica.call("GET", key));

    replica.pause();
    try {
      Throwable err = durable.send(Command.SET, key, "2")
          .transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertInstanceOf(NotReplicated.class, err);
      assertEquals("2", durable.send(Command.GET, key).await().toString(), "reads do not wait");
    } finally {
      replica.resume();
    }
  }

  /** A group commit: the writes of one event-loop turn go out together, followed by one WAIT for all of them. */
  @Test
  void theWritesOfOneEventLoopTurnShareOneWait(TestRedis master) {
    Vertx vertx = Vertx.vertx();
    AppConfig.Redis config = ConfigLoader.load(TestApp.env(master.url(), Map.of(
        "REDWIRE_REDIS_MIN_REPLICAS_ACK", "1", "REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "1000"))).redis();
    SharedRedis durable = RedisFactory.durable(vertx, RedisTarget.standalone(master.url()), config, 1,
        new SimpleMeterRegistry());
    try {
      Context loop = vertx.getOrCreateContext();
      String key = "group-commit:" + UUID.randomUUID();
      onLoop(loop, () -> durable.send(Command.SET, key, "0")); // opens this event loop's acknowledged-writes lane
      int writes = 200;

      long waitsBefore = waitCalls(master);
      List<Response> replies = onLoop(loop, () -> {
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
          sent.add(durable.send(Command.INCR, key));
        }
        return Future.all(sent).map(all -> all.<Response>list());
      });
      long waits = waitCalls(master) - waitsBefore;

      for (int i = 0; i < writes; i++) {
        assertEquals(i + 1, replies.get(i).toLong(), "reply " + i + " belongs to write " + i);
      }
      assertTrue(waits <= 2, writes + " writes took " + waits + " WAITs");
      assertEquals(String.valueOf(writes), replica.call("GET", key), "and the replica has every one of them");
    } finally {
      durable.close().await();
      vertx.close().await();
    }
  }

  private static <T> T onLoop(Context loop, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().await();
  }

  private static long waitCalls(TestRedis redis) {
    Matcher m = WAIT_CALLS.matcher(String.valueOf(redis.call("INFO", "commandstats")));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
