package io.redwire.auth;

import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Works out the {@link Principal} of an /api/v1 request from its bearer token and stores it in the
 * context. It does not reject: the rate limiter runs next (so unauthenticated floods are limited per IP),
 * then each route's {@link Access} rule answers 401 or 403.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  public static final String PRINCIPAL = "redwire.principal";

  private final Map<String, Principal> apiKeys;
  private final SessionTokens sessions;
  private final TokenMisses misses;

  /**
   * One per event loop (it keeps that loop's token-miss counts).
   *
   * @param apiKeys key to role name ("admin" or "service")
   */
  public AuthHandler(Map<String, String> apiKeys, SessionTokens sessions, int tokenMissLimit, long tokenMissWindowMs) {
    Map<String, Principal> byKey = new HashMap<>();
    apiKeys.forEach((key, role) -> byKey.put(key,
        Principal.apiKey(digest(key), Role.valueOf(role.toUpperCase(Locale.ROOT)))));
    this.apiKeys = Map.copyOf(byKey);
    this.sessions = sessions;
    this.misses = new TokenMisses(tokenMissLimit, tokenMissWindowMs);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().headers().getAll("Authorization").size() > 1) {
      // which one counts would depend on who reads the headers: a proxy and this server could disagree
      throw ProblemException.badRequest("Authorization", "must be sent at most once");
    }
    String token = bearerToken(ctx);
    if (token == null) {
      if (ctx.request().getHeader("Authorization") != null) {
        proceed(ctx, Principal.rejectedToken(clientIp(ctx), "The Authorization header must be 'Bearer <token>'"));
      } else {
        proceed(ctx, Principal.anonymous(clientIp(ctx), "A bearer token is required"));
      }
      return;
    }
    Principal keyPrincipal = apiKeys.get(token);
    if (keyPrincipal != null) {
      proceed(ctx, keyPrincipal);
      return;
    }
    if (!SessionTokenFormat.looksValid(token)) {
      proceed(ctx, Principal.rejectedToken(clientIp(ctx), "Unknown token"));
      return;
    }
    String address = clientIp(ctx);
    long waitMs = misses.blockedForMs(address, System.nanoTime());
    if (waitMs > 0) {
      throw tooManyUnknownTokens(waitMs);
    }
    sessions.userIdOf(token).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null) {
        misses.missed(address, System.nanoTime());
        proceed(ctx, Principal.rejectedToken(address, "Unknown or expired token"));
      } else {
        proceed(ctx, Principal.user(ar.result(), token));
      }
    });
  }

  private static ProblemException tooManyUnknownTokens(long waitMs) {
    long seconds = Math.max(1, Replies.secondsRoundedUp(waitMs));
    return new ProblemException(429, Problems.type("too-many-unknown-tokens"), Problems.title(429),
        "Too many unknown tokens from this address; retry in " + seconds + " s", List.of(),
        Map.of("Retry-After", String.valueOf(seconds)));
  }

  /** Only anonymous requests need it, and working it out (X-Forwarded-For, formatting) is not free. */
  private static String clientIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  private static void proceed(RoutingContext ctx, Principal principal) {
    ctx.put(PRINCIPAL, principal);
    ctx.next();
  }

  /** The token of {@code Authorization: Bearer <token>}, or null. */
  static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
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
