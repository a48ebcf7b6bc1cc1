package io.redwire.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream figures for /metrics: entries appended (per stream), processed, dead-lettered and claimed (per
 * stream and group), and each watched group's pending count and lag as last observed by this replica
 * ({@link GroupGauges}); a group that is gone loses its gauges. Only streams the deployment knows (orders,
 * those watched for their groups) are named in the appended counter; the rest count as {@value #OTHER_STREAMS},
 * so a client appending to ever new stream names cannot grow /metrics without bound.
 */
final class StreamMetrics {

  /** The label of appends to streams that are not known by name. */
  static final String OTHER_STREAMS = "_other";

  private final MeterRegistry meters;
  private volatile Set<String> namedStreams = Set.of(StreamKeys.ORDERS);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** By stream label: counted on every append, so looked up without building a key. */
  private final Map<String, Counter> appended = new ConcurrentHashMap<>();
  private final Map<GroupKey, GroupGauge> groups = new ConcurrentHashMap<>();

  /** A consumer group of a stream. */
  record GroupKey(String stream, String group) {}

  /** What a group's gauges show: entries delivered and not acked, entries not read yet. */
  record GroupFigures(long pending, long lag) {}

  private record GroupGauge(AtomicLong pending, AtomicLong lag, List<Meter> meters) {}

  StreamMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void appended(String stream) {
    String label = namedStreams.contains(stream) ? stream : OTHER_STREAMS;
    Counter c = appended.get(label);
    if (c == null) {
      c = appended.computeIfAbsent(label, l -> counter("redwire_stream_appended_total", "Entries appended to a stream",
          l, null));
    }
    c.increment();
  }

  /** The streams named in the appended counter from now on (orders and the watched ones, a bounded set). */
  void namedStreams(Set<String> streams) {
    namedStreams = Set.copyOf(streams);
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

  /**
   * The groups as just observed: their gauges take these figures, gauges of groups not among them are
   * removed, except those of {@code unreadStreams} (streams whose figures could not be read this time).
   */
  void observedGroups(Map<GroupKey, GroupFigures> observed, Set<String> unreadStreams) {
    observed.forEach((key, figures) -> {
      GroupGauge g = groups.computeIfAbsent(key, this::register);
      g.pending().set(figures.pending());
      g.lag().set(figures.lag());
    });
    groups.entrySet().removeIf(e -> {
      boolean gone = !observed.containsKey(e.getKey()) && !unreadStreams.contains(e.getKey().stream());
      if (gone) {
        e.getValue().meters().forEach(meters::remove);
      }
      return gone;
    });
  }

  private GroupGauge register(GroupKey key) {
    AtomicLong pending = new AtomicLong();
    AtomicLong lag = new AtomicLong();
    List<Meter> registered = List.of(
        Gauge.builder("redwire_stream_pending", pending, AtomicLong::get)
            .description("Entries delivered to a group and not acked yet")
            .tag("stream", key.stream()).tag("group", key.group()).register(meters),
        Gauge.builder("redwire_stream_lag", lag, AtomicLong::get)
            .description("Entries of a stream a group has not read yet (counted up to a limit on Redis 6.2)")
            .tag("stream", key.stream()).tag("group", key.group()).register(meters));
    return new GroupGauge(pending, lag, registered);
  }

  private Counter counter(String name, String help, String stream, String group) {
    return counters.computeIfAbsent(name + "|" + stream + "|" + group, k -> {
      Counter.Builder b = Counter.builder(name).description(help).tag("stream", stream);
      return (group == null ? b : b.tag("group", group)).register(meters);
    });
  }
}
