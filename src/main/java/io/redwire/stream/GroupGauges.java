package io.redwire.stream;

import io.redwire.domain.NotFound;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the pending and lag gauges of every group this deployment knows, on each replica's timer.
 * Known streams are orders and those registered when a group was made on them over HTTP (a set in
 * Redis, so every replica and a restarted one see them; registration stops at the cap). Discovering
 * streams by SCAN was the other choice: it walks the whole keyspace (an order marker per orderId) for
 * every refresh. Cost per refresh: one describe script per known stream (XINFO, O(groups + consumers);
 * on 6.2 the unread entries counted up to {@link StreamService#LAG_SCAN_LIMIT}). Cardinality: at most
 * {@code maxGroups} groups get gauges, billing first, then by stream and group name (the same set on
 * every replica); a stream that is gone is dropped from the registry and its gauges removed.
 */
final class GroupGauges {

  private static final Logger LOG = LoggerFactory.getLogger(GroupGauges.class);

  private final StreamService streams;
  private final StreamMetrics metrics;
  private final int maxGroups;
  private boolean running;
  private boolean warnedFull;

  GroupGauges(StreamService streams, StreamMetrics metrics, int maxGroups) {
    this.streams = streams;
    this.metrics = metrics;
    this.maxGroups = maxGroups;
  }

  /** One refresh; skipped while the previous one runs. Called on the consumer verticle's event loop. */
  void tick() {
    if (running) {
      return;
    }
    running = true;
    refresh().onFailure(err -> LOG.warn("stream group gauges: {}", err.toString())).onComplete(done -> running = false);
  }

  private Future<Void> refresh() {
    return streams.watched().compose(registered -> {
      List<String> names = new ArrayList<>();
      names.add(StreamKeys.ORDERS);
      // registration stops at the cap; the limit holds even if the set was written by hand
      new TreeSet<>(registered).stream().filter(n -> !n.equals(StreamKeys.ORDERS)).limit(maxGroups)
          .forEach(names::add);
      metrics.namedStreams(Set.copyOf(names));
      List<Future<StreamService.Description>> described = new ArrayList<>();
      for (String name : names) {
        described.add(streams.describe(name));
      }
      return Future.join(described).transform(ignored -> {
        observe(names, described);
        return Future.succeededFuture();
      });
    });
  }

  private void observe(List<String> names, List<Future<StreamService.Description>> described) {
    Map<StreamMetrics.GroupKey, StreamMetrics.GroupFigures> observed = new LinkedHashMap<>();
    Set<String> unread = new HashSet<>();
    int skipped = 0;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Future<StreamService.Description> d = described.get(i);
      if (d.failed()) {
        if (d.cause() instanceof NotFound && !name.equals(StreamKeys.ORDERS)) {
          streams.unwatch(name).onFailure(err -> LOG.debug("unwatch {}: {}", name, err.toString()));
        } else {
          unread.add(name); // keeps its last figures rather than dropping its gauges for a timeout
        }
        continue;
      }
      boolean orders = name.equals(StreamKeys.ORDERS);
      List<StreamService.Group> groups = new ArrayList<>(d.result().groups());
      groups.sort(Comparator.comparing((StreamService.Group g) -> !(orders && g.name().equals(OrderBilling.GROUP)))
          .thenComparing(StreamService.Group::name));
      for (StreamService.Group g : groups) {
        if (observed.size() >= maxGroups) {
          skipped++;
          continue;
        }
        observed.put(new StreamMetrics.GroupKey(name, g.name()),
            new StreamMetrics.GroupFigures(g.pending(), g.lag() == null ? 0 : g.lag()));
      }
    }
    if (skipped > 0 && !warnedFull) {
      warnedFull = true;
      LOG.warn("{} stream groups get no gauges: at most {} do (REDWIRE_STREAM_GAUGE_GROUPS_MAX)", skipped, maxGroups);
    }
    metrics.observedGroups(observed, unread);
  }
}
