package io.redwire.redis;

import java.time.Duration;

/** Histogram buckets shared by the HTTP and Redis latency timers, so their figures line up. */
public final class LatencyBuckets {

  public static final Duration[] SLOS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5)};

  private LatencyBuckets() {}
}
