package io.redwire.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The separate-process server the SIGKILL fault tests use: it serves on shared keys and dies at once. */
@RedwireTest
class ServerProcessIT {

  @Test
  void servesTheSameKeysAsAnInJvmAppAndDiesBySigkill(TestRedis redis) {
    try (TestApp app = TestApp.start(redis, Map.of());
        ServerProcess server = ServerProcess.start(redis, Map.of("REDWIRE_KEY_PREFIX", app.prefix()))) {
      Reply incremented = server.http().post("/api/v1/counters/sigkill/incr", new JsonObject(), TestApp.SERVICE_KEY);
      assertEquals(200, incremented.status(), incremented.toString());
      assertEquals(1, app.get("/api/v1/counters/sigkill", TestApp.SERVICE_KEY).json().getLong("value"));

      server.kill();
      assertFalse(server.alive());
    }
  }
}
