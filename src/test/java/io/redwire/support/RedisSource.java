package io.redwire.support;

/** Where a test class's Redis comes from (see {@link RedwireTest#redis()}). */
public enum RedisSource {

  /**
   * The external Redis of {@code REDIS_URL} when that is set (never stopped or flushed: tests that
   * would are skipped by {@link RedisExtension#assumeOwned}), else a private redis-server.
   */
  DEFAULT,

  /** Always a private redis-server, also with {@code REDIS_URL} set: for classes that stop, restart or pause it. */
  PRIVATE,

  /** Always a private Redis 6.2, the one bundled with embedded-redis: the project's version floor. */
  BUNDLED_6_2,

  /**
   * Always a private Redis Cluster of three masters (redis-server 7+ from the PATH), also with
   * {@code REDIS_URL} set; apps on it get {@code REDWIRE_REDIS_TYPE=cluster} (see {@link TestRedis#startCluster()}).
   */
  CLUSTER,

  /** Always a private cluster of three Redis 6.2 masters (see {@link TestRedis#startCluster62()}): no sharded Pub/Sub. */
  CLUSTER_6_2,

  /** Always a private cluster of three masters with one replica each (see {@link TestRedis#startClusterWithReplicas()}). */
  CLUSTER_WITH_REPLICAS
}
