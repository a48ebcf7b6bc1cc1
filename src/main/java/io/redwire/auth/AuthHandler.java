package io.redwire.auth;

import io.redwire.http.ProblemException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Works out the {@link Principal} of an /api/v1 request from its bearer token and stores it in the
 * context. It does not reject: the rate limiter runs next (so unauthenticated floods are limited per IP),
 * then each route's {@link Access} rule answers 401 or 403.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  public static final String PRINCIPAL = "redwire.principal";

  private final Authenticator authenticator;

  /**
   * One per event loop (it keeps that loop's token-miss counts).
   *
   * @param apiKeys key to role name ("admin" or "service")
   */
  public AuthHandler(Map<String, String> apiKeys, SessionTokens sessions, int tokenMissLimit, long tokenMissWindowMs) {
    this.authenticator = new Authenticator(apiKeys, sessions, tokenMissLimit, tokenMissWindowMs);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().headers().getAll("Authorization").size() > 1) {
      // which one counts would depend on who reads the headers: a proxy and this server could disagree
      throw ProblemException.badRequest("Authorization", "must be sent at most once");
    }
    String token = bearerToken(ctx);
    if (token == null && ctx.request().getHeader("Authorization") == null && isWebSocketUpgrade(ctx)) {
      // a browser cannot set headers on a WebSocket: it may pass its token as ?token=
      token = ctx.queryParams().get("token");
      token = token == null || token.isEmpty() ? null : token;
    }
    if (token == null) {
      if (ctx.request().getHeader("Authorization") != null) {
        proceed(ctx, Principal.rejectedToken(clientIp(ctx), "The Authorization header must be 'Bearer <token>'"));
      } else {
        proceed(ctx, Principal.anonymous(clientIp(ctx), "A bearer token is required"));
      }
      return;
    }
    authenticator.resolve(token, clientIp(ctx)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        proceed(ctx, ar.result());
      }
    });
  }

  private static boolean isWebSocketUpgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
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
}
