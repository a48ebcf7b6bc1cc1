package io.redwire;

import io.redwire.auth.AuthHandler;
import io.redwire.config.AppConfig;
import io.redwire.counter.CounterRoutes;
import io.redwire.counter.CounterService;
import io.redwire.experiment.ExperimentRoutes;
import io.redwire.experiment.ExperimentService;
import io.redwire.http.ApiRoutes;
import io.redwire.lock.LockRoutes;
import io.redwire.lock.LockService;
import io.redwire.ops.AdminRoutes;
import io.redwire.ops.Metrics;
import io.redwire.ops.OpsRoutes;
import io.redwire.profile.ProfileRoutes;
import io.redwire.profile.ProfileService;
import io.redwire.ratelimit.PrincipalRateLimiter;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.RedisEndpoints;
import io.redwire.session.SessionRoutes;
import io.redwire.session.SessionService;
import io.redwire.visitor.VisitorRoutes;
import io.redwire.visitor.VisitorService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;

/**
 * Every capability's service, built once in {@link RedwireApp} and shared by all router verticles
 * (services hold no per-request state), plus the mounting of their routes.
 */
public final class Services {

  final AppConfig config;
  final RedisEndpoints redis;
  final Metrics metrics;
  final LuaScripts scripts = new LuaScripts();
  final Buffer openApi;
  final SessionService sessions;
  final CounterService counters;
  final PrincipalRateLimiter rateLimiter;
  final LockService locks;
  final ProfileService profiles;
  final VisitorService visitors;
  final ExperimentService experiments;
  final Vertx vertx;

  Services(Vertx vertx, AppConfig config, RedisEndpoints redis, Metrics metrics, Buffer openApi) {
    this.vertx = vertx;
    this.config = config;
    this.redis = redis;
    this.metrics = metrics;
    this.openApi = openApi;
    KeySpace keys = new KeySpace(config.redis().keyPrefix());
    Clock clock = Clock.systemUTC();
    this.sessions = new SessionService(redis.cache(), keys, scripts, clock);
    this.counters = new CounterService(redis.cache(), keys, scripts);
    this.rateLimiter = new PrincipalRateLimiter(redis.cache(), keys, scripts, config.rateLimit());
    this.locks = LockService.create(vertx, config, redis.durable(), keys, scripts, metrics.registry(), clock);
    this.profiles = new ProfileService(redis.durable(), keys, scripts, config.profiles().maxFields());
    this.visitors = new VisitorService(redis.cache(), keys, scripts, clock, config.visitors().retentionDays());
    this.experiments = new ExperimentService(redis.durable(), keys, scripts);
  }

  /** Releases what services own besides the shared clients (closed by RedwireApp). */
  Future<Void> close() {
    return locks.close();
  }

  AuthHandler authHandler() {
    return new AuthHandler(config.apiKeys(), sessions);
  }

  /** Registers every route; the order here is the order of the OpenAPI document's sections. */
  void mount(ApiRoutes routes) {
    new OpsRoutes(redis, metrics, config.redis().healthTimeoutMs(), config.http().retryAfterSeconds(), openApi)
        .mount(routes);
    new SessionRoutes(sessions, config.sessions()).mount(routes);
    new CounterRoutes(counters).mount(routes);
    new LockRoutes(locks, config.locks()).mount(routes);
    new ProfileRoutes(profiles, config.profiles()).mount(routes);
    new VisitorRoutes(visitors).mount(routes);
    new ExperimentRoutes(experiments).mount(routes);
    new AdminRoutes(redis, config.redis().keyPrefix()).mount(routes);
  }
}
