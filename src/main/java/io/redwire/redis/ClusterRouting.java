package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's slot map, shared by every event loop's lanes. It is loaded from {@code CLUSTER SLOTS} of
 * the first node that answers (known nodes first, then the seeds), and refreshed when a reply says the
 * map is stale (MOVED) or a node stops answering (a failover may have moved its slots); refreshes are
 * spaced by at least the reconnect backoff's minimum so a storm of MOVED replies costs one.
 */
final class ClusterRouting {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRouting.class);

  private final String name;
  private final List<String> seeds;
  private final ClusterNodes nodes;
  private final long minRefreshIntervalNanos;
  private final long timeoutMs;
  private volatile SlotMap map = SlotMap.EMPTY;
  private final AtomicReference<Future<SlotMap>> refreshing = new AtomicReference<>();
  private volatile long lastRefreshNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

  /** @param seeds host:port of the configured seed nodes */
  ClusterRouting(String name, List<String> seeds, ClusterNodes nodes, long minRefreshIntervalMs, long timeoutMs) {
    this.name = name;
    this.seeds = List.copyOf(seeds);
    this.nodes = nodes;
    this.minRefreshIntervalNanos = TimeUnit.MILLISECONDS.toNanos(minRefreshIntervalMs);
    this.timeoutMs = timeoutMs;
  }

  SlotMap current() {
    return map;
  }

  /** A fresh map for rare whole-cluster work (admin scans, INFO of every node); the last one if no node answers. */
  Future<SlotMap> refreshed() {
    return refresh().recover(err -> map.isEmpty() ? Future.failedFuture(err) : Future.succeededFuture(map));
  }

  /** Refreshes unless one is running or the last was too recent. */
  void refreshSoon() {
    if (System.nanoTime() - lastRefreshNanos >= minRefreshIntervalNanos) {
      refresh();
    }
  }

  /** Loads the map now (joining a load already running); fails when no node answers. */
  Future<SlotMap> refresh() {
    Promise<SlotMap> mine = Promise.promise();
    if (!refreshing.compareAndSet(null, mine.future())) {
      Future<SlotMap> running = refreshing.get();
      return running != null ? running : Future.succeededFuture(map);
    }
    lastRefreshNanos = System.nanoTime();
    List<String> candidates = new ArrayList<>(candidates());
    ask(candidates, 0, null).onComplete(ar -> {
      if (ar.succeeded()) {
        map = ar.result();
      }
      lastRefreshNanos = System.nanoTime();
      refreshing.set(null);
      mine.handle(ar);
    });
    return mine.future();
  }

  private Set<String> candidates() {
    Set<String> all = new LinkedHashSet<>(map.masters());
    all.addAll(map.replicas());
    all.addAll(seeds);
    return all;
  }

  private Future<SlotMap> ask(List<String> candidates, int next, Throwable lastError) {
    if (next >= candidates.size()) {
      return Future.failedFuture(new RedisUnavailableException("Redis (" + name
          + ") cluster: no node answered CLUSTER SLOTS" + (lastError == null ? "" : ": " + lastError.getMessage()),
          lastError));
    }
    String node = candidates.get(next);
    String host = node.substring(0, node.lastIndexOf(':'));
    return nodes.client(node).send(Request.cmd(Command.CLUSTER).arg("SLOTS"))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(reply -> SlotMap.parse(reply, host))
        .compose(parsed -> parsed.isEmpty()
            ? Future.failedFuture(new RedisUnavailableException("Redis (" + name + ") node " + node + " serves no slots"))
            : Future.succeededFuture(parsed))
        .recover(err -> {
          LOG.debug("Redis ({}) cluster: CLUSTER SLOTS on {} failed: {}", name, node, err.toString());
          return ask(candidates, next + 1, err);
        });
  }
}
