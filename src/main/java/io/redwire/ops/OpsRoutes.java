package io.redwire.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.redis.RedisEndpoints;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unauthenticated operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document.
 * Readiness and the Redis figures of /metrics cost a Redis call, so they are reused for a moment and
 * shared by concurrent callers: probing or scraping them cannot load Redis.
 */
final class OpsRoutes {

  private final RedisEndpoints redis;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, RedisFigures> figures = new ConcurrentHashMap<>();
  private final long healthTimeoutMs;
  private final int retryAfterSeconds;
  private final Buffer openApi;
  private final AppConfig.Ops config;

  OpsRoutes(RedisEndpoints redis, PrometheusMeterRegistry metrics, long healthTimeoutMs, int retryAfterSeconds,
      Buffer openApi, AppConfig.Ops config) {
    this.redis = redis;
    this.metrics = metrics;
    this.healthTimeoutMs = healthTimeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
    this.openApi = openApi;
    this.config = config;
  }

  /** Called on each HTTP verticle's event loop: the reused readiness and INFO results are that loop's own. */
  void mount(ApiRoutes routes) {
    Reused<Readiness> readiness = new Reused<>(config.readinessCacheMs(), this::checkReadiness);
    Reused<Void> redisFigures = new Reused<>(config.redisInfoCacheMs(), this::refreshRedisFigures);
    routes.open(HttpMethod.GET, "/health/live", ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "UP").toBuffer()));
    routes.open(HttpMethod.GET, "/health/ready", ctx -> readiness.get().onSuccess(r -> ready(ctx, r)));
    routes.open(HttpMethod.GET, "/metrics", ctx -> redisFigures.get().onComplete(ignored -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape())));
    routes.open(HttpMethod.GET, "/openapi.yaml", ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml")
        .end(openApi));
  }

  /** Each endpoint's outcome: PING, and on a cluster its cluster_state. */
  private record Readiness(boolean up, JsonObject checks) {}

  private Future<Readiness> checkReadiness() {
    List<SharedRedis> endpoints = redis.distinct();
    List<Future<?>> pings = endpoints.stream().<Future<?>>map(r -> r.checkReady(healthTimeoutMs)).toList();
    return Future.join(pings).transform(ignored -> {
      JsonObject checks = new JsonObject();
      boolean up = true;
      for (int i = 0; i < endpoints.size(); i++) {
        boolean ok = pings.get(i).succeeded();
        up &= ok;
        checks.put("redis-" + endpoints.get(i).name(), ok ? "UP" : "DOWN");
      }
      return Future.succeededFuture(new Readiness(up, checks));
    });
  }

  private void ready(RoutingContext ctx, Readiness readiness) {
    var response = ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
    if (!readiness.up()) {
      response.setStatusCode(503).putHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
    response.end(new JsonObject().put("status", readiness.up() ? "UP" : "DOWN").put("checks", readiness.checks())
        .toBuffer());
  }

  private Future<Void> refreshRedisFigures() {
    List<Future<Void>> refreshes = redis.distinct().stream()
        .map(r -> RedisStats.refresh(r, figures.computeIfAbsent(r.name(), name -> new RedisFigures(metrics, name))))
        .toList();
    return Future.join(refreshes).mapEmpty();
  }
}
