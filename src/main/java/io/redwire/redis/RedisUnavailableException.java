package io.redwire.redis;

import io.redwire.domain.Unavailable;

/** Redis could not be reached or did not answer in time. HTTP maps it to 503 with Retry-After. */
public final class RedisUnavailableException extends Unavailable {
  public RedisUnavailableException(String message, Throwable cause) {
    super("redis-unavailable", message, cause);
  }

  public RedisUnavailableException(String message) {
    this(message, null);
  }
}
