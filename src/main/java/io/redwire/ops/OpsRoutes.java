package io.redwire.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

/** Unauthenticated operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document. */
final class OpsRoutes {

  private final RedisEndpoints redis;
  private final PrometheusMeterRegistry metrics;
  private final Map<String, RedisFigures> figures = new ConcurrentHashMap<>();
  private final long healthTimeoutMs;
  private final int retryAfterSeconds;
  private final Buffer openApi;

  OpsRoutes(RedisEndpoints redis, PrometheusMeterRegistry metrics, long healthTimeoutMs, int retryAfterSeconds, Buffer openApi) {
    this.redis = redis;
    this.metrics = metrics;
    this.healthTimeoutMs = healthTimeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
    this.openApi = openApi;
  }

  void mount(ApiRoutes routes) {
    routes.open(HttpMethod.GET, "/health/live", ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "UP").toBuffer()));
    routes.open(HttpMethod.GET, "/health/ready", this::ready);
    routes.open(HttpMethod.GET, "/metrics", this::scrape);
    routes.open(HttpMethod.GET, "/openapi.yaml", ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml")
        .end(openApi));
  }

  private void ready(RoutingContext ctx) {
    List<SharedRedis> endpoints = redis.distinct();
    List<Future<?>> pings = endpoints.stream().<Future<?>>map(r -> r.ping(healthTimeoutMs)).toList();
    Future.join(pings).onComplete(ignored -> {
      JsonObject checks = new JsonObject();
      boolean up = true;
      for (int i = 0; i < endpoints.size(); i++) {
        boolean ok = pings.get(i).succeeded();
        up &= ok;
        checks.put("redis-" + endpoints.get(i).name(), ok ? "UP" : "DOWN");
      }
      var response = ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
      if (!up) {
        response.setStatusCode(503).putHeader("Retry-After", String.valueOf(retryAfterSeconds));
      }
      response.end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).toBuffer());
    });
  }

  private void scrape(RoutingContext ctx) {
    List<Future<Void>> refreshes = redis.distinct().stream()
        .map(r -> RedisStats.refresh(r, figures.computeIfAbsent(r.name(), name -> new RedisFigures(metrics, name))))
        .toList();
    Future.join(refreshes).onComplete(ignored -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
  }
}
