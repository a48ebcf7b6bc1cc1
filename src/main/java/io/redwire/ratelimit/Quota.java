package io.redwire.ratelimit;

import io.vertx.core.Future;

/** Where the rate-limit filter gets its decision: straight from Redis, or from a local lease. */
public interface Quota {

  /** Admits one request of the principal behind {@code rateKey}, or rejects it. */
  Future<PrincipalRateLimiter.Decision> acquire(String rateKey);
}
