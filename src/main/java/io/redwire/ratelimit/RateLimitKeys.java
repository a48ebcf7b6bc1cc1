package io.redwire.ratelimit;

import io.redwire.redis.KeySpace;

/**
 * {@code ratelimit:check:{<key>}:w<windowMs>}: the sliding window of one caller-chosen key and window
 * length, so a service may hold a per-second and a per-minute limit on the same key without either
 * trimming the other's calls. The key is the hash tag, as in the principal's {@code ratelimit:{<rateKey>}}.
 */
final class RateLimitKeys {

  private final KeySpace keys;

  RateLimitKeys(KeySpace keys) {
    this.keys = keys;
  }

  String check(String key, long windowMs) {
    return keys.key("ratelimit", "check", KeySpace.tag(key), "w" + windowMs);
  }
}
