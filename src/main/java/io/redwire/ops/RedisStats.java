package io.redwire.ops;

import io.redwire.redis.RedisInfo;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Memory and hit-rate figures from INFO, for /metrics and /api/v1/admin/redis. */
public final class RedisStats {

  private RedisStats() {}

  /**
   * Copies the figures into the gauges (on a cluster, summed over its nodes); a failed INFO marks the
   * endpoint down and keeps the last values.
   */
  static Future<Void> refresh(SharedRedis redis, RedisFigures figures) {
    return redis.infoOfEveryNode().onComplete(ar -> {
      if (ar.failed()) {
        figures.up.set(0);
        return;
      }
      figures.up.set(1);
      figures.usedMemory.set(sum(ar.result(), "used_memory"));
      figures.evictedKeys.set(sum(ar.result(), "evicted_keys"));
      figures.keyspaceHits.set(sum(ar.result(), "keyspace_hits"));
      figures.keyspaceMisses.set(sum(ar.result(), "keyspace_misses"));
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  private static long sum(List<Map<String, String>> nodes, String field) {
    return nodes.stream().mapToLong(n -> RedisInfo.longValue(n, field)).sum();
  }

  /**
   * One node: its figures. Several (a cluster): the totals of memory, clients, keys' hits, misses,
   * evictions and ops/s at the top, the hit rate of the totals, and every node's figures under
   * {@code nodes}; version and policy are the first node's.
   */
  public static JsonObject toJson(List<Map<String, String>> nodes) {
    if (nodes.size() == 1) {
      return toJson(nodes.get(0));
    }
    JsonObject totals = toJson(nodes.get(0)).put("role", "cluster");
    JsonArray each = new JsonArray();
    for (String figure : SUMMED) {
      totals.put(figure, 0L);
    }
    for (Map<String, String> node : nodes) {
      JsonObject one = toJson(node).put("port", RedisInfo.longValue(node, "tcp_port"));
      each.add(one);
      for (String figure : SUMMED) {
        totals.put(figure, totals.getLong(figure) + one.getLong(figure));
      }
    }
    long hits = totals.getLong("keyspaceHits");
    long misses = totals.getLong("keyspaceMisses");
    totals.put("hitRate", hits + misses == 0 ? 0.0 : (double) hits / (hits + misses));
    return totals.put("nodes", each);
  }

  /** The figures that add up over a cluster's nodes. */
  private static final List<String> SUMMED = List.of("connectedClients", "usedMemory", "usedMemoryPeak",
      "maxMemory", "evictedKeys", "expiredKeys", "keyspaceHits", "keyspaceMisses", "opsPerSecond");

  public static JsonObject toJson(Map<String, String> info) {
    long hits = RedisInfo.longValue(info, "keyspace_hits");
    long misses = RedisInfo.longValue(info, "keyspace_misses");
    return new JsonObject()
        .put("redisVersion", info.get("redis_version"))
        .put("role", info.get("role"))
        .put("uptimeSeconds", RedisInfo.longValue(info, "uptime_in_seconds"))
        .put("connectedClients", RedisInfo.longValue(info, "connected_clients"))
        .put("usedMemory", RedisInfo.longValue(info, "used_memory"))
        .put("usedMemoryPeak", RedisInfo.longValue(info, "used_memory_peak"))
        .put("maxMemory", RedisInfo.longValue(info, "maxmemory"))
        .put("maxMemoryPolicy", info.get("maxmemory_policy"))
        .put("evictedKeys", RedisInfo.longValue(info, "evicted_keys"))
        .put("expiredKeys", RedisInfo.longValue(info, "expired_keys"))
        .put("keyspaceHits", hits)
        .put("keyspaceMisses", misses)
        .put("hitRate", hits + misses == 0 ? 0.0 : (double) hits / (hits + misses))
        .put("opsPerSecond", RedisInfo.longValue(info, "instantaneous_ops_per_sec"));
  }
}
