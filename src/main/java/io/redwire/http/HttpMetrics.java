package io.redwire.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redwire.redis.LatencyBuckets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Request latency by method, route template and status. Routes are templates, never raw paths. */
public final class HttpMetrics {

  private final MeterRegistry registry;
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String method, String route, int status, long nanos) {
    Series key = new Series(method, route, status);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, k -> Timer.builder("redwire_http_server_requests")
          .description("HTTP requests by route template and status")
          .tag("method", method)
          .tag("route", route)
          .tag("status", String.valueOf(status))
          .serviceLevelObjectives(LatencyBuckets.SLOS)
          .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private record Series(String method, String route, int status) {}
}
