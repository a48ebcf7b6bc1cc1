package io.redwire.realtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.RedwireTest;
import io.redwire.support.SentinelSet;
import io.redwire.support.TestApp;
import io.redwire.support.TestApps;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On a sentinel-managed master the WebSocket bridge's subscriber follows a failover: a client subscribed
 * before the master died receives what is published through the promoted replica, without a restart.
 */
@RedwireTest
class SentinelBridgeIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void theBridgeFollowsTheNewMasterAfterAFailover(TestApps apps) {
    try (SentinelSet set = SentinelSet.start()) {
      Map<String, String> env = new HashMap<>(set.appEnv());
      env.put("REDWIRE_REDIS_TIMEOUT_MS", "500");
      TestApp app = apps.start(env);
      try (WsTestClient c = WsTestClient.connect(app, "?token=" + KEY, null)) {
        c.subscribed("alerts:failover");
        assertEquals(202, app.post("/api/v1/notifications", new JsonObject().put("channel", "alerts:failover")
            .put("payload", "before"), KEY).status());
        c.await(f -> "before".equals(f.getString("payload")));

        set.master().stop();
        await("the sentinel promotes the replica").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .ignoreExceptions().until(() -> set.masterPort() == set.replica().port());
        await("a message published through the new master reaches the client").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(300)).until(() -> {
              app.post("/api/v1/notifications", new JsonObject().put("channel", "alerts:failover")
                  .put("payload", "after"), KEY);
              return c.messages("alerts:failover").stream().anyMatch(m -> "after".equals(m.getString("payload")));
            });
      }
    }
  }
}
