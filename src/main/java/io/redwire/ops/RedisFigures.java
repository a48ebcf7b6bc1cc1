package io.redwire.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The INFO figures of one Redis endpoint, refreshed before each scrape; Prometheus reads them through gauges. */
final class RedisFigures {
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
