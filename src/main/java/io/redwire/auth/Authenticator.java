package io.redwire.auth;

import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a presented token into its {@link Principal}: an API key from configuration, or a live session
 * token. An address that keeps presenting unknown session tokens is refused for a while (429) before
 * Redis is asked again. One per event loop (it keeps that loop's token-miss counts); used by the API's
 * {@link AuthHandler} and by the WebSocket's first {@code auth} frame.
 */
public final class Authenticator {

  private final Map<String, Principal> apiKeys;
  private final SessionTokens sessions;
  private final TokenMisses misses;

  /** @param apiKeys key to role name ("admin" or "service") */
  public Authenticator(Map<String, String> apiKeys, SessionTokens sessions, int tokenMissLimit, long tokenMissWindowMs) {
    Map<String, Principal> byKey = new HashMap<>();
    apiKeys.forEach((key, role) -> byKey.put(key,
        Principal.apiKey(digest(key), Role.valueOf(role.toUpperCase(Locale.ROOT)))));
    this.apiKeys = Map.copyOf(byKey);
    this.sessions = sessions;
    this.misses = new TokenMisses(tokenMissLimit, tokenMissWindowMs);
  }

  /**
   * The token's principal: a key's or a session's, or a rejected-token principal. Fails with a 429
   * {@link ProblemException} while the address is refused for too many unknown tokens.
   */
  public Future<Principal> resolve(String token, String address) {
    Principal keyPrincipal = apiKeys.get(token);
    if (keyPrincipal != null) {
      return Future.succeededFuture(keyPrincipal);
    }
    if (!SessionTokenFormat.looksValid(token)) {
      return Future.succeededFuture(Principal.rejectedToken(address, "Unknown token"));
    }
    long waitMs = misses.blockedForMs(address, System.nanoTime());
    if (waitMs > 0) {
      return Future.failedFuture(tooManyUnknownTokens(waitMs));
    }
    return sessions.userIdOf(token).map(userId -> {
      if (userId == null) {
        misses.missed(address, System.nanoTime());
        return Principal.rejectedToken(address, "Unknown or expired token");
      }
      return Principal.user(userId, token);
    });
  }

  private static ProblemException tooManyUnknownTokens(long waitMs) {
    long seconds = Math.max(1, Replies.secondsRoundedUp(waitMs));
    return new ProblemException(429, Problems.type("too-many-unknown-tokens"), Problems.title(429),
        "Too many unknown tokens from this address; retry in " + seconds + " s", List.of(),
        Map.of("Retry-After", String.valueOf(seconds)));
  }

  /** Short, stable, non-reversible name for an API key, so keys never appear in Redis key names. */
  static String digest(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
