package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * One event loop's way to one Redis server: plain pipelining ({@link PipelinedLane}) or writes confirmed
 * by replicas ({@link AckedLane}). {@link ClusterLanes} keeps one per master of either kind.
 */
interface RedisLane {

  Future<Response> send(Request request);

  Future<List<Response>> batch(List<Request> requests);

  /** False while it waits out a backoff after failed connects: a call now would fail at once. */
  boolean isUsable();

  /** Closes the connection; the lane is not used afterwards (a node that left the cluster). */
  void close();
}
