package io.redwire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile scripts on Redis 6.2, the version floor. */
@RedwireTest(redis = RedisSource.BUNDLED_6_2)
class ProfileOnRedis62IT {

  @Test
  void everyOperationWorksOnTheVersionFloor(TestApp app) {
    String key = TestApp.SERVICE_KEY;
    JsonObject alice = new JsonObject().put("name", "Alice").put("login_count", 0).put("code", "7");
    Reply put = app.put("/api/v1/users/old", alice, key);
    assertEquals(200, put.status(), put.toString());
    Reply patch = app.send("PATCH", "/api/v1/users/old", "{\"plan\":\"team\"}", key,
        Map.of("If-Match", put.header("ETag")));
    assertEquals(200, patch.status(), patch.toString());
    assertEquals(412, app.send("PATCH", "/api/v1/users/old", "{\"plan\":\"x\"}", key,
        Map.of("If-Match", put.header("ETag"))).status());
    assertEquals(412, app.send("PUT", "/api/v1/users/old", "{\"plan\":\"x\"}", key,
        Map.of("If-None-Match", "*")).status());
    assertEquals(304, app.send("GET", "/api/v1/users/old", null, key,
        Map.of("If-None-Match", patch.header("ETag"))).status());
    Reply incr = app.post("/api/v1/users/old/incr", new JsonObject().put("field", "login_count").put("by", 2), key);
    assertEquals(2L, incr.json().getLong("value"));
    assertEquals(409, app.post("/api/v1/users/old/incr", new JsonObject().put("field", "name"), key).status());
    Reply get = app.get("/api/v1/users/old?fields=code,login_count,plan", key);
    assertEquals(new JsonObject().put("code", "7").put("login_count", 2).put("plan", "team"),
        get.json().getJsonObject("fields"));
    assertEquals(incr.header("ETag"), get.header("ETag"));
    assertEquals(204, app.delete("/api/v1/users/old", key).status());
    assertEquals(404, app.get("/api/v1/users/old", key).status());
  }
}
