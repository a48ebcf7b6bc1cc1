package io.redwire.session;

import io.redwire.auth.Access;
import io.redwire.auth.SessionTokenFormat;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** POST/GET/DELETE /api/v1/sessions. */
final class SessionRoutes {

  private static final Set<String> CREATE_FIELDS = Set.of("userId", "ttlSeconds", "data");

  private final SessionService sessions;
  private final AppConfig.Sessions config;

  SessionRoutes(SessionService sessions, AppConfig.Sessions config) {
    this.sessions = sessions;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.api("/sessions")
        .route(HttpMethod.POST, "", Access.SERVICE, this::create)
        .route(HttpMethod.GET, "/:token", Access.USER, this::get)
        .route(HttpMethod.DELETE, "/:token", Access.SERVICE, this::delete);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, CREATE_FIELDS);
    String userId = in.name("userId", body.getValue("userId") instanceof String s ? s : null);
    long ttl = orZero(in.integer(body, "ttlSeconds", 1, config.maxTtlSeconds(), config.defaultTtlSeconds()));
    JsonObject data = in.object(body, "data", false);
    in.done();
    Replies.json(ctx, 201, sessions.create(userId, ttl, data).map(s -> new JsonObject()
        .put("token", s.token())
        .put("userId", s.userId())
        .put("expiresAt", sessions.expiresAt(s).toString())));
  }

  private void get(RoutingContext ctx) {
    Input in = Input.check();
    String token = token(ctx, in);
    boolean touch = in.queryBool(ctx, "touch", false);
    in.done();
    Access.requireOwnSessionOrService(ctx, token);
    Replies.json(ctx, 200, sessions.find(token, touch).map(s -> {
      if (s == null) {
        throw ProblemException.notFound("No session with this token (unknown or expired)");
      }
      return new JsonObject()
          .put("token", s.token())
          .put("userId", s.userId())
          .put("data", s.data())
          .put("expiresAt", sessions.expiresAt(s).toString())
          .put("ttlSeconds", Replies.secondsRoundedUp(s.remainingMs()));
    }));
  }

  private void delete(RoutingContext ctx) {
    Input in = Input.check();
    String token = token(ctx, in);
    in.done();
    Replies.noContent(ctx, sessions.delete(token));
  }

  private static String token(RoutingContext ctx, Input in) {
    String token = ctx.pathParam("token");
    if (!SessionTokenFormat.looksValid(token)) {
      in.fail("token", "is not a session token");
    }
    return token;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
