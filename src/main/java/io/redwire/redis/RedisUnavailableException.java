package io.redwire.redis;

/** Redis could not be reached or did not answer in time. HTTP maps it to 503 with Retry-After. */
public final class RedisUnavailableException extends RuntimeException {
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  public RedisUnavailableException(String message) {
    this(message, null);
  }
}
