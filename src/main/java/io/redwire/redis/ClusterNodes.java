package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A pooled client per cluster node (host:port), made on first use with the seeds' scheme, credentials
 * and TLS settings: the per-node lanes, slot-map refreshes and admin scans all reach nodes through it.
 */
final class ClusterNodes {

  private final Function<String, Redis> clientFor;
  private final Map<String, Redis> clients = new ConcurrentHashMap<>();

  ClusterNodes(Function<String, Redis> clientFor) {
    this.clientFor = clientFor;
  }

  Redis client(String hostPort) {
    return clients.computeIfAbsent(hostPort, clientFor);
  }

  Future<Void> close() {
    return Future.join(clients.values().stream().map(Redis::close).toList()).mapEmpty();
  }
}
