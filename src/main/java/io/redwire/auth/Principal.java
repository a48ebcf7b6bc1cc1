package io.redwire.auth;

/**
 * The caller of a request.
 *
 * @param rateKey what the rate limiter counts against: a hashed API key, the session user, or the client IP
 * @param userId the session's user (USER role only)
 * @param sessionToken the session token the caller presented (USER role only)
 * @param rejection why an ANONYMOUS caller has no identity (for the 401 detail)
 * @param tokenRejected an ANONYMOUS caller presented a token that is unknown, expired or malformed
 */
public record Principal(String rateKey, Role role, String userId, String sessionToken, String rejection,
    boolean tokenRejected) {

  /** No token at all. */
  public static Principal anonymous(String clientIp, String rejection) {
    return new Principal("ip:" + clientIp, Role.ANONYMOUS, null, null, rejection, false);
  }

  /** A token that does not identify anyone: counted against the client IP like any anonymous call. */
  public static Principal rejectedToken(String clientIp, String rejection) {
    return new Principal("ip:" + clientIp, Role.ANONYMOUS, null, null, rejection, true);
  }

  public static Principal apiKey(String keyDigest, Role role) {
    return new Principal("key:" + keyDigest, role, null, null, null, false);
  }

  public static Principal user(String userId, String sessionToken) {
    return new Principal("user:" + userId, Role.USER, userId, sessionToken, null, false);
  }

  public boolean isServiceOrAdmin() {
    return role == Role.SERVICE || role == Role.ADMIN;
  }
}
