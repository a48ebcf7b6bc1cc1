package io.redwire.auth;

import io.vertx.core.Future;

/** Resolves a session token to its user id (null when unknown or expired). */
public interface SessionTokens {
  Future<String> userIdOf(String token);
}
