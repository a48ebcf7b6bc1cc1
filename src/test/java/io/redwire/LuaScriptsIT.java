package io.redwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.redis.LuaScript;
import io.redwire.support.RedisExtension;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Lua script is documented, used, and survives a flushed script cache. */
@RedwireTest
class LuaScriptsIT {

  static final Path LUA = Path.of("src/main/resources/lua");

  @Test
  void everyScriptHasAHeaderAndIsLoadedByTheServer(TestApp app) throws IOException {
    Set<String> files;
    try (Stream<Path> walk = Files.walk(LUA)) {
      files = walk.filter(p -> p.toString().endsWith(".lua"))
          .map(p -> LUA.relativize(p).toString().replace('\\', '/').replaceAll("\\.lua$", ""))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    for (String file : files) {
      String text = Files.readString(LUA.resolve(file + ".lua"));
      assertTrue(text.startsWith("--[["), file + " starts with a header block");
      if (!file.startsWith("include/")) {
        assertTrue(text.contains("KEYS[") && text.contains("Returns"), file + " documents KEYS and Returns");
      }
    }
    Set<String> loaded = app.app().platform().scripts().all().stream().map(LuaScript::name)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> scripts = files.stream().filter(f -> !f.startsWith("include/"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(scripts, loaded, "every script file is used, and every used script has a file");
  }

  @Test
  void scriptsStillWorkAfterTheScriptCacheIsFlushed(TestRedis redis, TestApp app) {
    RedisExtension.assumeOwned(redis);
    redis.call("SCRIPT", "FLUSH");
    // the rate limiter (a script) runs on every API request; EVALSHA falls back to EVAL
    assertEquals(200, app.post("/api/v1/counters/flushed/incr", null, TestApp.SERVICE_KEY).status());
    assertEquals(200, app.put("/api/v1/users/7", new io.vertx.core.json.JsonObject().put("a", 1),
        TestApp.SERVICE_KEY).status());
  }
}
