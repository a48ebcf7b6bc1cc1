package io.redwire.redis;

import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.RequestImpl;
import java.util.List;

/**
 * The key arguments of a command (by the command table's key specs; for EVAL/EVALSHA the numkeys
 * ones): what the cluster routes by and the cross-slot check compares. Not the Redis KEYS command.
 */
final class RequestKeys {

  private RequestKeys() {}

  static List<byte[]> keyArguments(Request request) {
    return ((RequestImpl) request).keys();
  }
}
