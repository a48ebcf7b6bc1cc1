package io.redwire.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * REDIS_URL may carry an ACL user and password, and may be rediss:// to a Redis whose certificate a
 * private CA signed: every connection (pipelined, pooled, the lock subscriber) uses them.
 */
class RedisAuthAndTlsIT {

  private static final String USER_ARGS = "app on >s3cret-pass ~* &* +@all";

  @Test
  void anAclUserAndPasswordInTheUrlAreUsedByEveryConnection() throws Exception {
    // the default user is off: nothing works without the URL's credentials
    try (TestRedis redis = TestRedis.start(args("--user default off --user " + USER_ARGS));
         TestApp app = TestApp.start("redis://app:s3cret-pass@127.0.0.1:" + redis.port());
         RespClient probe = redis.client()) {
      probe.call("AUTH", "app", "s3cret-pass");
      servesCountersSessionsAndLockWakeUps(app, probe);
    }
  }

  @Test
  void aWrongPasswordIsAClearStartupErrorInProd() {
    try (TestRedis redis = TestRedis.start(args("--user default off --user " + USER_ARGS))) {
      RuntimeException err = assertThrows(RuntimeException.class, () -> TestApp.start(
          "redis://app:wrong@127.0.0.1:" + redis.port(), Map.of("REDWIRE_PROFILE", "prod")).close());
      assertTrue(String.valueOf(err.getMessage()).contains("WRONGPASS"), err.toString());
    }
  }

  @Test
  void redissWithAPrivateCaVerifiesTheServersCertificateAndName() throws Exception {
    int tlsPort = RedisProcess.freePort();
    TestRedis redis = startTls(tlsPort, "localhost");
    try (redis) {
      String ca = tls("ca.crt");
      try (TestApp app = TestApp.start("rediss://127.0.0.1:" + tlsPort, Map.of("REDWIRE_REDIS_TLS_CA_FILE", ca));
           RespClient probe = redis.client()) {
        servesCountersSessionsAndLockWakeUps(app, probe);
        assertEquals(1L, redis.call("EXISTS", app.prefix() + "counter:{tls}"), "the data went over TLS to this server");
      }
      // without the private CA, the JVM's default trust store does not trust the certificate
      assertThrows(RuntimeException.class, () -> TestApp.start("rediss://127.0.0.1:" + tlsPort,
          Map.of("REDWIRE_PROFILE", "prod")).close());
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUnlessHostVerificationIsOff() {
    int tlsPort = RedisProcess.freePort();
    try (TestRedis redis = startTls(tlsPort, "other")) {
      String ca = tls("ca.crt");
      assertThrows(RuntimeException.class, () -> TestApp.start("rediss://127.0.0.1:" + tlsPort,
          Map.of("REDWIRE_PROFILE", "prod", "REDWIRE_REDIS_TLS_CA_FILE", ca)).close(),
          "a certificate for redis.other.example does not prove the server at 127.0.0.1");
      try (TestApp app = TestApp.start("rediss://127.0.0.1:" + tlsPort, Map.of("REDWIRE_PROFILE", "prod",
          "REDWIRE_REDIS_TLS_CA_FILE", ca, "REDWIRE_REDIS_TLS_VERIFY_HOST", "false"))) {
        assertEquals(200, app.post("/api/v1/counters/tls/incr", null, TestApp.SERVICE_KEY).status());
      }
    }
  }

  /**
   * Pipelined commands (counter), a session, and a lock waiter woken through the subscriber connection;
   * {@code probe} is the test's connection (plain, authenticated) for looking at the server.
   */
  private static void servesCountersSessionsAndLockWakeUps(TestApp app, RespClient probe) throws Exception {
    String key = TestApp.SERVICE_KEY;
    assertEquals(1, app.post("/api/v1/counters/tls/incr", null, key).json().getLong("value"));
    assertEquals(2, app.post("/api/v1/counters/tls/incr", null, key).json().getLong("value"));
    Reply session = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), key);
    assertEquals(201, session.status());
    assertEquals("42", app.get("/api/v1/sessions/" + session.json().getString("token"), key).json().getString("userId"));

    Reply held = app.post("/api/v1/locks/door", new JsonObject().put("ttlMs", 30_000), key);
    assertEquals(201, held.status(), held.body());
    CompletableFuture<Reply> waiter = CompletableFuture.supplyAsync(() ->
        app.post("/api/v1/locks/door", new JsonObject().put("ttlMs", 30_000).put("waitMs", 10_000), key));
    String channel = app.prefix() + "lock:{door}:released";
    await("the waiter to subscribe").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> probe.list("PUBSUB", "NUMSUB", channel).get(1).equals(1L));
    assertEquals(204, app.delete("/api/v1/locks/door?token=" + held.json().getString("token"), key).status());
    assertEquals(201, waiter.get().status(), "the waiter took the lock once it was released");
    assertEquals("UP", app.get("/health/ready", null).json().getJsonObject("checks").getString("redis-durable"));
  }

  private static TestRedis startTls(int tlsPort, String cert) {
    TestRedis redis;
    try {
      redis = TestRedis.start("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", tls(cert + ".crt"),
          "--tls-key-file", tls(cert + ".key"), "--tls-ca-cert-file", tls("ca.crt"), "--tls-auth-clients", "no");
    } catch (UncheckedIOException e) {
      assumeTrue(false, "this redis-server has no TLS support: " + e.getMessage());
      throw e;
    }
    return redis;
  }

  private static String[] args(String line) {
    return line.split(" ");
  }

  private static String tls(String name) {
    try {
      return Path.of(RedisAuthAndTlsIT.class.getResource("/tls/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
