package io.redwire.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream figures for /metrics: entries appended (per stream), processed, dead-lettered and claimed (per
 * stream and group), and each watched group's pending count and lag as last observed by this replica.
 */
final class StreamMetrics {

  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  StreamMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void appended(String stream) {
    counter("redwire_stream_appended_total", "Entries appended to a stream", stream, null).increment();
  }

  void processed(String stream, String group, int n) {
    counter("redwire_stream_processed_total", "Entries a built-in consumer group processed and acked", stream, group)
        .increment(n);
  }

  void deadLettered(String stream, String group) {
    counter("redwire_stream_dead_lettered_total", "Entries moved to a stream's dead letters", stream, group)
        .increment();
  }

  void claimed(String stream, String group, int n) {
    counter("redwire_stream_claimed_total", "Pending entries claimed from idle consumers", stream, group).increment(n);
  }

  void observed(String stream, String group, long pending, long lag) {
    gauge("redwire_stream_pending", "Entries delivered to a group and not acked yet", stream, group).set(pending);
    gauge("redwire_stream_lag", "Entries of a stream a group has not read yet", stream, group).set(lag);
  }

  private Counter counter(String name, String help, String stream, String group) {
    return counters.computeIfAbsent(name + "|" + stream + "|" + group, k -> {
      Counter.Builder b = Counter.builder(name).description(help).tag("stream", stream);
      return (group == null ? b : b.tag("group", group)).register(meters);
    });
  }

  private AtomicLong gauge(String name, String help, String stream, String group) {
    return gauges.computeIfAbsent(name + "|" + stream + "|" + group, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).description(help).tag("stream", stream).tag("group", group)
          .register(meters);
      return value;
    });
  }
}
