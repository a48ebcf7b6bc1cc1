package io.redwire.ops;

import io.redwire.redis.RedisInfo;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import java.util.Map;

/** Memory and hit-rate figures from INFO, for /metrics and /api/v1/admin/redis. */
public final class RedisStats {

  private RedisStats() {}

  public static Future<Map<String, String>> info(SharedRedis redis) {
    return redis.send(Command.INFO).map(r -> RedisInfo.parse(r.toString()));
  }

  /** Copies the figures into the gauges; a failed INFO marks the endpoint down and keeps the last values. */
  static Future<Void> refresh(SharedRedis redis, RedisFigures figures) {
    return info(redis).onComplete(ar -> {
      if (ar.failed()) {
        figures.up.set(0);
        return;
      }
      Map<String, String> info = ar.result();
      figures.up.set(1);
      figures.usedMemory.set(RedisInfo.longValue(info, "used_memory"));
      figures.evictedKeys.set(RedisInfo.longValue(info, "evicted_keys"));
      figures.keyspaceHits.set(RedisInfo.longValue(info, "keyspace_hits"));
      figures.keyspaceMisses.set(RedisInfo.longValue(info, "keyspace_misses"));
    }).<Void>mapEmpty().otherwiseEmpty();
  }

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
