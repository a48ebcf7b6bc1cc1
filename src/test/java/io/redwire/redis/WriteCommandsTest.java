package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which commands wait for replica acknowledgements: exactly the ones that change data. */
class WriteCommandsTest {

  static final Path LUA = Path.of("src/main/resources/lua");
  static final Pattern CALL = Pattern.compile("redis\\.p?call\\('([A-Za-z]+)'");

  final WriteCommands writes = new WriteCommands();

  @Test
  void commandsThatChangeDataAreWritesAndReadsAreNot() {
    for (Command c : List.of(Command.SET, Command.DEL, Command.HSET, Command.INCRBY, Command.PEXPIRE, Command.ZADD,
        Command.XADD, Command.XGROUP, Command.LPUSH, Command.SADD, Command.EVAL, Command.EVALSHA)) {
      assertTrue(writes.isWrite(request(c, "k", "v")), c + " is a write");
    }
    for (Command c : List.of(Command.GET, Command.HGETALL, Command.MGET, Command.PING, Command.INFO, Command.SCAN,
        Command.PUBLISH, Command.ZRANGE, Command.XRANGE, Command.PTTL)) {
      assertFalse(writes.isWrite(request(c, "k", "v")), c + " only reads");
    }
    assertTrue(writes.isWrite(request(Command.create("SOMENEWWRITE"), "k")), "a command the table does not know");
    assertTrue(writes.anyWrite(List.of(request(Command.GET, "a"), request(Command.SET, "a", "1"))));
    assertFalse(writes.anyWrite(List.of(request(Command.GET, "a"), request(Command.PTTL, "a"))));
  }

  @Test
  void aScriptIsAWriteUnlessItIsMarkedReadOnly() {
    LuaScript read = LuaScript.load("profile/read");
    LuaScript put = LuaScript.load("profile/put");
    assertTrue(writes.isWrite(evalsha(read)), "a script not seen yet counts as a write");
    writes.learn(read);
    writes.learn(put);
    assertFalse(writes.isWrite(evalsha(read)));
    assertTrue(writes.isWrite(evalsha(put)));
    // the EVAL fallback after NOSCRIPT carries the body
    assertFalse(writes.isWrite(request(Command.EVAL, read.source(), "1", "k")));
    assertTrue(writes.isWrite(request(Command.EVAL, put.source(), "1", "k")));
  }

  /** A marked script that wrote would skip the WAIT: the mark must match what the script calls. */
  @Test
  void exactlyTheScriptsThatCallOnlyReadCommandsAreMarkedReadOnly() throws IOException {
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(LUA)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".lua") && !p.toString().contains("include")).toList()) {
        String name = LUA.relativize(file).toString().replace('\\', '/').replaceAll("\\.lua$", "");
        LuaScript script = LuaScript.load(name);
        boolean readsOnly = true;
        Matcher m = CALL.matcher(script.source());
        while (m.find()) {
          readsOnly &= !writes.isWrite(request(Command.create(m.group(1)), "k", "v"));
        }
        writes.learn(script);
        if (writes.isWrite(evalsha(script)) == readsOnly) {
          wrong.add(name + (readsOnly ? " only reads but is not marked " : " writes but is marked ")
              + WriteCommands.READ_ONLY_MARKER);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  static Request evalsha(LuaScript script) {
    return request(Command.EVALSHA, script.sha1(), "1", "k");
  }

  static Request request(Command command, String... args) {
    Request r = Request.cmd(command);
    for (String a : args) {
      r.arg(a);
    }
    return r;
  }
}
