package io.redwire.lock;

import io.redwire.auth.Access;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Replies;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** POST/PUT/DELETE/GET /api/v1/locks/{resource}. */
final class LockRoutes {

  /** The contract's default lease when ttlMs is absent. */
  static final long DEFAULT_TTL_MS = 30_000;
  /** The contract's longest wait (waitMs 0..30000). */
  static final long MAX_WAIT_MS = 30_000;
  /** Tokens we issue are 22 characters; longer input cannot be one, and is refused as bad input. */
  static final int MAX_TOKEN_LENGTH = 128;
  private static final Set<String> ACQUIRE_FIELDS = Set.of("ttlMs", "waitMs");
  private static final Set<String> EXTEND_FIELDS = Set.of("token", "ttlMs");

  private final LockService locks;
  private final AppConfig.Locks config;

  LockRoutes(LockService locks, AppConfig.Locks config) {
    this.locks = locks;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.api("/locks")
        .route(HttpMethod.POST, "/:resource", Access.SERVICE, this::acquire)
        .route(HttpMethod.PUT, "/:resource", Access.SERVICE, this::extend)
        .route(HttpMethod.DELETE, "/:resource", Access.SERVICE, this::release)
        .route(HttpMethod.GET, "/:resource", Access.SERVICE, this::state);
  }

  private long defaultTtlMs() {
    return Math.min(DEFAULT_TTL_MS, config.maxTtlMs());
  }

  private void acquire(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, ACQUIRE_FIELDS);
    String resource = in.pathName(ctx, "resource");
    Long ttlMs = in.integer(body, "ttlMs", 1, config.maxTtlMs(), defaultTtlMs());
    Long waitMs = in.integer(body, "waitMs", 0, MAX_WAIT_MS, 0L);
    in.done();
    // end handlers also run when the connection closes before the answer: then a waiter stops at once
    Promise<Void> clientLeft = Promise.promise();
    ctx.addEndHandler(end -> {
      if (end.failed()) {
        clientLeft.tryComplete();
      }
    });
    locks.acquire(resource, ttlMs, waitMs, clientLeft.future()).onComplete(ar -> {
      if (ctx.response().closed()) {
        if (ar.succeeded()) {
          // the client gave up while waiting: nobody knows the token, so do not leave the lock held
          locks.release(resource, ar.result().token());
        }
      } else if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Replies.json(ctx, 201, toJson(ar.result()));
      }
    });
  }

  private void extend(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, EXTEND_FIELDS);
    String resource = in.pathName(ctx, "resource");
    String token = in.string(body, "token", MAX_TOKEN_LENGTH, true);
    Long ttlMs = in.integer(body, "ttlMs", 1, config.maxTtlMs(), defaultTtlMs());
    in.done();
    Replies.json(ctx, 200, locks.extend(resource, token, ttlMs).map(lock -> {
      if (lock == null) {
        throw ProblemException.conflict("Not the owner of lock " + resource + " (or it expired); nothing changed");
      }
      return toJson(lock);
    }));
  }

  private void release(RoutingContext ctx) {
    Input in = Input.check();
    String resource = in.pathName(ctx, "resource");
    String token = ctx.queryParams().get("token");
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      in.fail("token", "is required (1-" + MAX_TOKEN_LENGTH + " characters)");
    }
    in.done();
    Replies.noContent(ctx, locks.release(resource, token).map(released -> {
      if (!released) {
        throw ProblemException.conflict("Not the owner of lock " + resource + " (or it expired); nothing was deleted");
      }
      return null;
    }));
  }

  private void state(RoutingContext ctx) {
    Input in = Input.check();
    String resource = in.pathName(ctx, "resource");
    in.done();
    Replies.json(ctx, 200, locks.state(resource).map(s -> new JsonObject()
        .put("resource", s.resource())
        .put("held", s.held())
        .put("fence", s.fence())
        .put("ttlMs", s.ttlMs())));
  }

  private static JsonObject toJson(LockService.Lock lock) {
    return new JsonObject()
        .put("resource", lock.resource())
        .put("token", lock.token())
        .put("fence", lock.fence())
        .put("expiresAt", lock.expiresAt().toString());
  }
}
