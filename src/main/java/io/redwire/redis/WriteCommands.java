package io.redwire.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.CommandImpl;
import io.vertx.redis.client.impl.RequestImpl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which commands change data, so that replica acknowledgements are waited for on exactly those. A command
 * is a write unless the client's command table (Redis' own {@code COMMAND} flags, per key position) calls
 * it read-only; a script is a write unless its file has the line {@value #READ_ONLY_MARKER} (after its header
 * block). Anything this cannot tell counts as a write: waiting once too often is slower, never wrong.
 */
final class WriteCommands {

  /** A line of its own in a Lua script that only reads (Redis 6.2 has no script flags of its own). */
  static final String READ_ONLY_MARKER = "--- @readonly";
  private static final Pattern READ_ONLY_LINE = Pattern.compile("(?m)^" + Pattern.quote(READ_ONLY_MARKER) + "$");

  /**
   * Container commands whose subcommands write (XGROUP CREATE, DELCONSUMER, SETID): the client's table
   * has no flags of their own for them, which reads as read-only.
   */
  private static final java.util.Set<Command> CONTAINER_WRITES = java.util.Set.of(Command.XGROUP);

  /** Whether each script seen so far only reads, by SHA-1 (EVALSHA carries only the SHA). */
  private final Map<String, Boolean> readOnlyScripts = new ConcurrentHashMap<>();

  /** Called with every script before it runs, so its EVALSHA can be classified. */
  void learn(LuaScript script) {
    if (!readOnlyScripts.containsKey(script.sha1())) {
      readOnlyScripts.put(script.sha1(), readsOnly(script.source()));
    }
  }

  boolean isWrite(Request request) {
    Command command = request.command();
    if (!(request instanceof RequestImpl impl) || !(command instanceof CommandImpl table)) {
      return true;
    }
    List<byte[]> args = impl.getArgs();
    if (command == Command.EVALSHA) {
      return args.isEmpty()
          || !readOnlyScripts.getOrDefault(new String(args.get(0), StandardCharsets.US_ASCII), false);
    }
    if (command == Command.EVAL) {
      // the fallback after NOSCRIPT, rare: the body is at hand
      return args.isEmpty() || !readsOnly(new String(args.get(0), StandardCharsets.UTF_8));
    }
    if (CONTAINER_WRITES.contains(command)) {
      return true;
    }
    // a command the table does not know (Command.create of a new name) reads as read-only there
    return !table.isReadOnly(args) || Command.create(command.toString()) != command;
  }

  boolean anyWrite(List<Request> requests) {
    for (Request r : requests) {
      if (isWrite(r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean readsOnly(String source) {
    return READ_ONLY_LINE.matcher(source).find();
  }
}
