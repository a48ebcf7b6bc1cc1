package io.redwire.support;

import java.util.Locale;

/** The Redis topologies an {@link OnEveryTopology} class runs on, in this order. */
public enum Topology {

  /** One redis-server: the class's {@link RedwireTest#redis()} source. */
  STANDALONE,

  /** A private three-master Redis Cluster, as {@link RedisSource#CLUSTER} gives. */
  CLUSTER;

  /** How a run on this topology is shown in reports: {@code [standalone]}, {@code [cluster]}. */
  public String displayName() {
    return "[" + name().toLowerCase(Locale.ROOT) + "]";
  }
}
