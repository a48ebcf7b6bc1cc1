package io.redwire.support;

/** A Redis deployment shape a class may run on (see {@link RedisTopologies}). */
public enum Topology {

  /** One server: the class's {@link RedwireTest#redis()} source ({@link RedisSource#DEFAULT} without one). */
  STANDALONE,

  /** A private three-master Redis Cluster ({@link RedisSource#CLUSTER}). */
  CLUSTER
}
