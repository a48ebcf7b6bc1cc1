package io.redwire.lock;

import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.redis.Backoff;
import io.redwire.redis.RedisFactory;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Distributed locks with fencing tokens: single-node on the durable Redis, or Redlock when
 * {@code locks.nodes} lists 3 or more independent nodes (a shared client of its own per node, closed
 * with the capability). Waiters listen for releases on the replica's subscriber.
 */
public final class LockCapability implements Capability {

  private final LockService locks;
  private final AppConfig.Locks config;

  public LockCapability(Platform platform) {
    this.config = platform.config().locks();
    LockKeys keys = new LockKeys(platform.keySpace());
    LockScripts scripts = LockScripts.load(platform.scripts());
    LockBackend backend;
    if (config.nodes().isEmpty()) {
      backend = new SingleNodeLocks(platform.durable(), keys, scripts, platform.subscriber().publishCommand());
    } else {
      List<SharedRedis> nodes = new ArrayList<>();
      for (int i = 0; i < config.nodes().size(); i++) {
        nodes.add(RedisFactory.shared(platform.vertx(), "lock-node-" + i, config.nodes().get(i),
            platform.config().redis(), VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, platform.metrics()));
      }
      // the nodes' own PUBLISH reaches no subscriber: releases are announced on the durable endpoint
      backend = new RedlockLocks(nodes, platform.durable(), platform.subscriber().sharded(), keys, scripts,
          config.clockDriftFactor());
    }
    this.locks = new LockService(platform.vertx(), backend, new LockWaiters(platform.subscriber()), keys,
        new Backoff(config.retryMinMs(), config.retryMaxMs()), platform.clock());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new LockRoutes(locks, config).mount(routes);
  }

  @Override
  public Future<Void> close() {
    return locks.close();
  }
}
