package io.redwire.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redwire.redis.SharedRedis;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The Prometheus registry and the server's own meters. */
public final class Metrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<HttpSeries, Timer> httpTimers = new ConcurrentHashMap<>();
  private final Map<String, RedisFigures> redisFigures = new ConcurrentHashMap<>();

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void recordHttp(String method, String route, int status, long nanos) {
    HttpSeries key = new HttpSeries(method, route, status);
    Timer timer = httpTimers.get(key);
    if (timer == null) {
      timer = httpTimers.computeIfAbsent(key, k -> Timer.builder("redwire_http_server_requests")
          .description("HTTP requests by route template and status")
          .tag("method", method)
          .tag("route", route)
          .tag("status", String.valueOf(status))
          .serviceLevelObjectives(SharedRedis.Buckets.LATENCY)
          .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private record HttpSeries(String method, String route, int status) {}

  /** The INFO figures of one Redis endpoint, refreshed before each scrape. */
  public RedisFigures redisFigures(String endpoint) {
    return redisFigures.computeIfAbsent(endpoint, e -> new RedisFigures(registry, e));
  }

  /** Holders for the INFO values; Prometheus reads them through gauges and function counters. */
  public static final class RedisFigures {
    final AtomicLong up = new AtomicLong();
    final AtomicLong usedMemory = new AtomicLong();
    final AtomicLong evictedKeys = new AtomicLong();
    final AtomicLong keyspaceHits = new AtomicLong();
    final AtomicLong keyspaceMisses = new AtomicLong();

    RedisFigures(MeterRegistry registry, String endpoint) {
      Gauge.builder("redwire_redis_up", up, AtomicLong::get)
          .description("1 when the last INFO call to this Redis succeeded").tag("endpoint", endpoint).register(registry);
      Gauge.builder("redwire_redis_used_memory_bytes", usedMemory, AtomicLong::get)
          .description("INFO used_memory").tag("endpoint", endpoint).register(registry);
      FunctionCounter.builder("redwire_redis_evicted_keys", evictedKeys, AtomicLong::get)
          .description("INFO evicted_keys").tag("endpoint", endpoint).register(registry);
      FunctionCounter.builder("redwire_redis_keyspace_hits", keyspaceHits, AtomicLong::get)
          .description("INFO keyspace_hits").tag("endpoint", endpoint).register(registry);
      FunctionCounter.builder("redwire_redis_keyspace_misses", keyspaceMisses, AtomicLong::get)
          .description("INFO keyspace_misses").tag("endpoint", endpoint).register(registry);
    }
  }
}
