package io.redwire.lock;

import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;

/** Locks on one Redis (the durable endpoint): each operation is one Lua script. */
final class SingleNodeLocks implements LockBackend {

  private final SharedRedis redis;
  private final LockKeys keys;
  private final LockScripts scripts;
  private final String publishCommand;

  /** @param publishCommand how a release tells waiters: PUBLISH, or SPUBLISH where Pub/Sub is sharded */
  SingleNodeLocks(SharedRedis redis, LockKeys keys, LockScripts scripts, String publishCommand) {
    this.redis = redis;
    this.keys = keys;
    this.scripts = scripts;
    this.publishCommand = publishCommand;
  }

  @Override
  public Future<Attempt> tryAcquire(String resource, String token, long ttlMs) {
    return acquireOn(redis, keys, scripts, resource, token, ttlMs)
        .map(r -> r.granted() ? Attempt.granted(r.fence(), ttlMs) : r);
  }

  /** The acquire script on one node; validity is left to the caller (it knows the elapsed time). */
  static Future<Attempt> acquireOn(SharedRedis node, LockKeys keys, LockScripts scripts, String resource,
      String token, long ttlMs) {
    return node.eval(scripts.acquire(), List.of(keys.lock(resource), keys.fence(resource)),
            List.of(token, String.valueOf(ttlMs)))
        .map(r -> r.get(0).toLong() == 1 ? Attempt.granted(r.get(1).toLong(), 0) : Attempt.held(r.get(1).toLong()));
  }

  static Future<Boolean> releaseOn(SharedRedis node, LockKeys keys, LockScripts scripts, String resource,
      String token, String publishCommand) {
    // the channel shares the lock key's hash tag, so a sharded SPUBLISH from the script stays on its node
    return node.eval(scripts.release(), List.of(keys.lock(resource)),
            List.of(token, keys.releasedChannel(resource), publishCommand))
        .map(r -> r.toLong() == 1);
  }

  static Future<Extension> extendOn(SharedRedis node, LockKeys keys, LockScripts scripts, String resource,
      String token, long ttlMs) {
    return node.eval(scripts.extend(), List.of(keys.lock(resource), keys.fence(resource)),
            List.of(token, String.valueOf(ttlMs)))
        .map(r -> r.get(0).toLong() == 1 ? new Extension(true, r.get(1).toLong(), ttlMs) : Extension.NOT_OWNER);
  }

  static Future<Status> statusOn(SharedRedis node, LockKeys keys, LockScripts scripts, String resource) {
    return node.eval(scripts.status(), List.of(keys.lock(resource), keys.fence(resource)), List.of())
        .map(SingleNodeLocks::toStatus);
  }

  private static Status toStatus(Response r) {
    long pttl = r.get(0).toLong();
    long fence = r.get(1).toLong();
    // -2: no such key (free); -1 would be a lock without lease, which this code never writes
    return pttl == -2 ? new Status(false, fence, 0) : new Status(true, fence, Math.max(pttl, 0));
  }

  @Override
  public Future<Boolean> release(String resource, String token) {
    return releaseOn(redis, keys, scripts, resource, token, publishCommand);
  }

  @Override
  public Future<Extension> extend(String resource, String token, long ttlMs) {
    return extendOn(redis, keys, scripts, resource, token, ttlMs);
  }

  @Override
  public Future<Status> status(String resource) {
    return statusOn(redis, keys, scripts, resource);
  }

  @Override
  public Future<Void> close() {
    // the durable client is shared and closed by the app
    return Future.succeededFuture();
  }
}
