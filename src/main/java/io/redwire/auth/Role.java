package io.redwire.auth;

/** Who a request speaks for. ADMIN and SERVICE come from API keys, USER from a session token. */
public enum Role {
  ADMIN, SERVICE, USER, ANONYMOUS
}
