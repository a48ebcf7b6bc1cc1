package io.redwire.queue;

import io.redwire.redis.DedicatedRedis;
import io.redwire.redis.LuaScript;
import io.redwire.redis.RedisError;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/** Where queue scripts run: the shared durable client (HTTP) or a worker's dedicated one. */
@FunctionalInterface
interface ScriptRunner {

  Future<Response> eval(LuaScript script, List<String> keys, List<String> args);

  /**
   * EVALSHA pipelined on a dedicated client's connection of the caller's event loop, sending the body once
   * on NOSCRIPT (as the shared client does).
   */
  static ScriptRunner of(DedicatedRedis redis) {
    return (script, keys, args) -> redis.pipelined(request(Command.EVALSHA, script.sha1(), keys, args))
        .recover(err -> err instanceof RedisError e && e.is("NOSCRIPT")
            ? redis.pipelined(request(Command.EVAL, script.source(), keys, args))
            : Future.failedFuture(err));
  }

  private static Request request(Command command, String shaOrBody, List<String> keys, List<String> args) {
    Request req = Request.cmd(command).arg(shaOrBody).arg(keys.size());
    keys.forEach(req::arg);
    args.forEach(req::arg);
    return req;
  }
}
