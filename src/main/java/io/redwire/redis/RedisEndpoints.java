package io.redwire.redis;

import io.vertx.core.Future;
import java.util.List;

/**
 * The durable Redis (queues, streams, profiles, leaderboards, locks) and the cache Redis (sessions,
 * counters, rate limits, visitor sets). When no cache endpoint is configured both are the same client.
 */
public record RedisEndpoints(SharedRedis durable, SharedRedis cache) {

  public List<SharedRedis> distinct() {
    return durable == cache ? List.of(durable) : List.of(durable, cache);
  }

  public Future<Void> close() {
    return Future.join(distinct().stream().map(SharedRedis::close).toList()).mapEmpty();
  }
}
