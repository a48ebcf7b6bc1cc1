package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.RedwireTest;
import io.redwire.support.RespClient;
import io.redwire.support.SentinelSet;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A planned failover (SENTINEL FAILOVER: the master becomes a replica of the promoted one, nothing dies)
 * with REDWIRE_REDIS_MIN_REPLICAS_ACK=1: acknowledged writes follow the new master, and each one the server
 * confirms is on the old master, now its replica.
 */
@RedwireTest
class SentinelSwitchoverIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void acknowledgedWritesFollowAPlannedFailover(TestApps apps) {
    try (SentinelSet set = SentinelSet.start()) {
      Map<String, String> env = new HashMap<>(set.appEnv());
      env.put("REDWIRE_REDIS_MIN_REPLICAS_ACK", "1");
      env.put("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "300");
      env.put("REDWIRE_REDIS_TIMEOUT_MS", "500");
      env.put("REDWIRE_REDIS_RECONNECT_MAX_MS", "200");
      // the promoted replica syncs its new replica at once instead of gathering replicas for 5 s first
      set.replica().call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
      TestApp app = apps.start(env);
      assertEquals(200, app.put("/api/v1/users/before", new JsonObject().put("n", 1), KEY).status());
      assertEquals(1L, set.replica().call("EXISTS", app.prefix() + "user:{before}"));

      try (RespClient sentinel = new RespClient("127.0.0.1", URI.create(set.sentinelUrl()).getPort())) {
        assertEquals("OK", String.valueOf(sentinel.call("SENTINEL", "FAILOVER", SentinelSet.MASTER_NAME)));
      }
      await("the replica is promoted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(() -> set.masterPort() == set.replica().port());
      await("the old master replicates the new one").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> String.valueOf(set.master().call("INFO", "replication")).contains("master_link_status:up"));

      await("acknowledged writes work again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> app.put("/api/v1/users/after", new JsonObject().put("n", 2), KEY).status() == 200);
      assertEquals(1L, set.replica().call("EXISTS", app.prefix() + "user:{after}"), "written on the new master");
      assertEquals(1L, set.master().call("EXISTS", app.prefix() + "user:{after}"), "and confirmed by its replica");
    }
  }
}
