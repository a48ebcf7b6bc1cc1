package io.redwire.redis;

import io.vertx.redis.client.impl.types.ErrorType;

/**
 * An error reply from Redis ({@code -ERR ...}, {@code -NOSCRIPT ...}, {@code -WRONGTYPE ...}). The client
 * reports these as its internal {@code ErrorType}, a {@code Throwable} that {@code catch (Exception)} misses;
 * the shared and dedicated clients turn them into this, so nothing outside {@code redis/} sees the client's
 * internals.
 */
public final class RedisError extends RuntimeException {

  private final String code;

  RedisError(String message, Throwable cause) {
    super(message, cause, false, false);
    int space = message == null ? -1 : message.indexOf(' ');
    this.code = message == null ? "" : space < 0 ? message : message.substring(0, space);
  }

  /** The error's first word, e.g. "ERR", "NOSCRIPT", "BUSYGROUP". */
  public String code() {
    return code;
  }

  public boolean is(String errorCode) {
    return code.equalsIgnoreCase(errorCode);
  }

  /** The client's error reply as a RedisError; anything else unchanged. */
  static Throwable translate(Throwable err) {
    return err instanceof ErrorType e ? new RedisError(e.getMessage(), e) : err;
  }

  static boolean isErrorReply(Throwable err) {
    return err instanceof ErrorType || err instanceof RedisError;
  }
}
