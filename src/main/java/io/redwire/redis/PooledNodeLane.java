package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * One cluster node's pooled connections as a lane of {@link ClusterLanes}: each command takes a
 * connection for as long as it runs, so a blocked pop or stream read holds one and stalls nothing else.
 * The client is its {@link ClusterNodes}' and closes with them.
 */
final class PooledNodeLane implements RedisLane {

  private final Redis client;

  PooledNodeLane(Redis client) {
    this.client = client;
  }

  @Override
  public Future<Response> send(Request request) {
    return client.send(request);
  }

  /** One pooled connection carries the whole batch (ASKING and its command stay together). */
  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return client.batch(requests);
  }

  @Override
  public boolean isUsable() {
    return true;
  }

  @Override
  public void close() {
    // nothing of its own: the node's client is shared by this event loop's lanes and closed by its owner
  }
}
