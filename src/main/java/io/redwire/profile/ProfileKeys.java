package io.redwire.profile;

import io.redwire.redis.KeySpace;

/** {@code user:{id}}: one hash per profile, durable (no TTL). */
final class ProfileKeys {

  private final KeySpace keys;

  ProfileKeys(KeySpace keys) {
    this.keys = keys;
  }

  String profile(String id) {
    return keys.key("user", KeySpace.tag(id));
  }
}
