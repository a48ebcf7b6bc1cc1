package io.redwire.redis;

import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff, jittered over the upper half so replicas do not reconnect in step. */
public record Backoff(long minMs, long maxMs) {

  /** Delay before the next attempt after {@code failures} consecutive failures (failures >= 1). */
  public long delayMs(int failures) {
    long ceiling = minMs;
    for (int i = 1; i < failures && ceiling < maxMs; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxMs);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
