package io.redwire.auth;

import io.redwire.http.AccessRule;
import io.redwire.http.ProblemException;
import io.vertx.ext.web.RoutingContext;

/**
 * Per-route authorization. {@code service} may call every /api/v1 route except /api/v1/admin/*,
 * {@code admin} all of them, and a session {@code user} only what a route opens to users (reading
 * leaderboards, its own profile and session, the WebSocket).
 */
public enum Access implements AccessRule {
  /** admin only */
  ADMIN,
  /** service or admin */
  SERVICE,
  /** any authenticated caller; the route checks ownership itself where needed */
  USER,
  /** anyone, anonymous too (the route decides what each may do), but a presented bad token is refused */
  ANYONE;

  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(AuthHandler.PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("AuthHandler did not run for " + ctx.request().path());
    }
    return p;
  }

  /** Throws 401 for anonymous callers and 403 for roles below this level. */
  @Override
  public void check(RoutingContext ctx) {
    Principal p = principal(ctx);
    if (this == ANYONE) {
      if (p.tokenRejected()) {
        throw ProblemException.invalidToken(p.rejection());
      }
      return;
    }
    if (p.role() == Role.ANONYMOUS) {
      throw p.tokenRejected() ? ProblemException.invalidToken(p.rejection()) : ProblemException.unauthorized(p.rejection());
    }
    boolean allowed = switch (this) {
      case ADMIN -> p.role() == Role.ADMIN;
      case SERVICE -> p.isServiceOrAdmin();
      case USER, ANYONE -> true;
    };
    if (!allowed) {
      throw ProblemException.forbidden("Role " + p.role().name().toLowerCase(java.util.Locale.ROOT)
          + " may not call " + ctx.request().method() + " " + ctx.request().path());
    }
  }

  /** For USER-level routes about one user: a user may only act on itself. */
  public static void requireSelfOrService(RoutingContext ctx, String userId) {
    Principal p = principal(ctx);
    if (!p.isServiceOrAdmin() && !userId.equals(p.userId())) {
      throw ProblemException.forbidden("A session may only access its own user");
    }
  }

  /** For USER-level routes about one session: a user may only read the session it presents. */
  public static void requireOwnSessionOrService(RoutingContext ctx, String token) {
    Principal p = principal(ctx);
    if (!p.isServiceOrAdmin() && !token.equals(p.sessionToken())) {
      throw ProblemException.forbidden("A session may only read itself");
    }
  }
}
