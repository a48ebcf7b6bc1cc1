package io.redwire.session;

import io.redwire.redis.KeySpace;

/** Session keys: {@code session:<token>}, one string each, with the session's TTL. */
final class SessionKeys {

  private final KeySpace keys;

  SessionKeys(KeySpace keys) {
    this.keys = keys;
  }

  String session(String token) {
    return keys.key("session", token);
  }
}
