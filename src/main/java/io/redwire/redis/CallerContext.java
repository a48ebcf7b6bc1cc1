package io.redwire.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Hands a reply back to the context that asked for it. The cluster and sentinel clients may complete a
 * reply (or its timeout) on a Netty thread, and a caller that then writes an HTTP response from there
 * fails in strict thread mode ("Only the context thread can write").
 */
final class CallerContext {

  private CallerContext() {}

  /** The reply, completed on {@code caller} (unchanged when there is no caller context). */
  static <T> Future<T> handBack(Future<T> reply, Context caller) {
    if (caller == null) {
      return reply;
    }
    Promise<T> handedBack = Promise.promise();
    reply.onComplete(ar -> {
      if (io.vertx.core.Vertx.currentContext() == caller) {
        handedBack.handle(ar);
      } else {
        caller.runOnContext(v -> handedBack.handle(ar));
      }
    });
    return handedBack.future();
  }
}
