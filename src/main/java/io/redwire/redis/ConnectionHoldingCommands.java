package io.redwire.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.RequestImpl;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Commands that hold their connection: blocking pops and stream reads (the server answers nothing else
 * on that connection until they return), subscriptions (the connection turns into a message feed),
 * MONITOR and WAIT. On a pipelined lane shared by every request of an event loop one of them would stall
 * all the others, so the shared client refuses them; they belong on a dedicated client or the subscriber.
 */
final class ConnectionHoldingCommands {

  private static final Set<Command> ALWAYS = Set.of(
      Command.BLPOP, Command.BRPOP, Command.BLMOVE, Command.BRPOPLPUSH, Command.BLMPOP,
      Command.BZPOPMIN, Command.BZPOPMAX, Command.BZMPOP,
      Command.SUBSCRIBE, Command.PSUBSCRIBE, Command.SSUBSCRIBE,
      Command.UNSUBSCRIBE, Command.PUNSUBSCRIBE, Command.SUNSUBSCRIBE,
      Command.MONITOR, Command.WAIT, Command.MULTI);
  /** Blocking only with a BLOCK argument. */
  private static final Set<Command> WITH_BLOCK = Set.of(Command.XREAD, Command.XREADGROUP);
  private static final byte[] BLOCK = "BLOCK".getBytes(StandardCharsets.US_ASCII);

  private ConnectionHoldingCommands() {}

  static boolean holdsConnection(Request request) {
    Command command = request.command();
    if (ALWAYS.contains(command)) {
      return true;
    }
    if (WITH_BLOCK.contains(command) && request instanceof RequestImpl impl) {
      for (byte[] arg : impl.getArgs()) {
        if (isBlock(arg)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isBlock(byte[] arg) {
    if (arg.length != BLOCK.length) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      if ((arg[i] & 0xDF) != BLOCK[i]) {
        return false;
      }
    }
    return true;
  }
}
