package io.redwire.lock;

import io.redwire.redis.KeySpace;

/**
 * {@code lock:{res}} (owner token, with the lease as PX TTL) and {@code lock:{res}:fence} (the last fence
 * issued, durable: no TTL, or fences could restart). Both share the hash tag {res}, so one script may touch both.
 * The release channel {@code lock:{res}:released} is a Pub/Sub channel, not a key.
 */
final class LockKeys {

  private final KeySpace keys;

  LockKeys(KeySpace keys) {
    this.keys = keys;
  }

  String lock(String resource) {
    return keys.key("lock", KeySpace.tag(resource));
  }

  String fence(String resource) {
    return keys.key("lock", KeySpace.tag(resource), "fence");
  }

  String releasedChannel(String resource) {
    return keys.key("lock", KeySpace.tag(resource), "released");
  }
}
