package io.redwire;

import io.redwire.auth.SessionTokenFormat;
import io.redwire.config.AppConfig;
import io.redwire.config.ConfigException;
import io.redwire.http.ApiRoutes;
import io.redwire.http.HttpRouter;
import io.redwire.http.HttpVerticle;
import io.redwire.ops.Metrics;
import io.redwire.ratelimit.Quota;
import io.redwire.ratelimit.QuotaLeases;
import io.redwire.ratelimit.RateLimitHandler;
import io.redwire.redis.RedisEndpoints;
import io.redwire.redis.RedisFactory;
import io.redwire.redis.RedisProcess;
import io.redwire.redis.SharedRedis;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: finds Redis (starting a private one in dev when there is none), creates the
 * shared clients, builds the services and deploys the verticles. {@link #stop()} undoes it in reverse.
 */
public final class RedwireApp {

  private static final Logger LOG = LoggerFactory.getLogger(RedwireApp.class);
  private static final int PROBE_TIMEOUT_MS = 500;

  private final Vertx vertx;
  private AppConfig config;
  private RedisProcess devRedis;
  private RedisEndpoints redis;
  private Services services;
  private String httpDeployment;
  private int httpPort;

  private RedwireApp(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Future<RedwireApp> start(Vertx vertx, AppConfig config) {
    RedwireApp app = new RedwireApp(vertx);
    return app.boot(config)
        .map(v -> app)
        .recover(err -> app.stop().transform(ignored -> Future.failedFuture(err)));
  }

  /** The configuration in force (with the resolved Redis URL and any generated dev key). */
  public AppConfig config() {
    return config;
  }

  public int httpPort() {
    return httpPort;
  }

  public RedisEndpoints redis() {
    return redis;
  }

  public Services services() {
    return services;
  }

  /** The Redis this server started itself in dev mode, or null. */
  public RedisProcess devRedis() {
    return devRedis;
  }

  private Future<Void> boot(AppConfig initial) {
    return resolveRedisUrl(initial).compose(url -> {
      config = withApiKeys(initial.withRedis(initial.redis().withUrl(url)));
      Metrics metrics = new Metrics();
      int eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
      SharedRedis durable = RedisFactory.shared(vertx, "durable", url, config.redis(), eventLoops, metrics.registry());
      String cacheUrl = config.redis().cacheUrl();
      SharedRedis cache = cacheUrl == null
          ? durable
          : RedisFactory.shared(vertx, "cache", cacheUrl, config.redis(), eventLoops, metrics.registry());
      redis = new RedisEndpoints(durable, cache);
      return Future.all(redis.distinct().stream().map(this::checkReachable).toList())
          .compose(v -> vertx.executeBlocking(() -> new Services(vertx, config, redis, metrics, readOpenApi())))
          .compose(built -> {
            services = built;
            return Future.all(redis.distinct().stream().map(r -> r.preload(built.scripts.all())).toList());
          })
          .compose(v -> deployHttp());
    });
  }

  /** REDIS_URL if set; else the default address if something answers there; else (dev only) a private Redis. */
  private Future<String> resolveRedisUrl(AppConfig cfg) {
    if (cfg.redis().url() != null) {
      return Future.succeededFuture(cfg.redis().url());
    }
    String fallback = cfg.redis().defaultUrl();
    return probe(fallback).compose(answered -> {
      if (answered) {
        LOG.info("REDIS_URL is not set; using the Redis at {}", RedisFactory.redact(fallback));
        return Future.succeededFuture(fallback);
      }
      if (!cfg.isDev()) {
        return Future.failedFuture(new StartupException("REDIS_URL is not set and nothing answers at "
            + RedisFactory.redact(fallback) + "; set REDIS_URL to your Redis", null));
      }
      return vertx.executeBlocking(() -> RedisProcess.start(cfg.redis().embeddedPort(), List.of()))
          .map(process -> {
            devRedis = process;
            LOG.info("dev profile: nothing answers at {}, started a private Redis ({}) at {}; it stops with the server",
                RedisFactory.redact(fallback), process.binary(), process.url());
            return process.url();
          });
    });
  }

  private Future<Boolean> probe(String url) {
    URI uri = URI.create(url);
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(PROBE_TIMEOUT_MS));
    return client.connect(port, host)
        .compose(socket -> socket.close().map(true))
        .otherwise(false)
        .eventually(client::close);
  }

  private Future<Void> checkReachable(SharedRedis endpoint) {
    String url = endpoint == redis.cache() && endpoint != redis.durable()
        ? config.redis().cacheUrl() : config.redis().url();
    return endpoint.ping(config.redis().connectTimeoutMs())
        .compose(pong -> endpoint.detectVersion())
        .onSuccess(version -> LOG.info("Redis ({}) at {}: version {}", endpoint.name(), RedisFactory.redact(url), version))
        .recover(err -> Future.failedFuture(new StartupException(
            "Cannot reach Redis (" + endpoint.name() + ") at " + RedisFactory.redact(url) + ": " + err.getMessage(), err)))
        .mapEmpty();
  }

  private AppConfig withApiKeys(AppConfig cfg) {
    if (!cfg.apiKeys().isEmpty()) {
      return cfg;
    }
    if (!cfg.isDev()) {
      throw new ConfigException("REDWIRE_API_KEYS is empty; the prod profile needs at least one key:role pair");
    }
    String key = "dev-" + SessionTokenFormat.newToken();
    // Printed once, to the console only, so the developer can call the API; it is never stored.
    System.out.println("redwire dev profile: no REDWIRE_API_KEYS configured; generated admin key for this run: " + key);
    return cfg.withApiKeys(Map.of(key, "admin"));
  }

  private Future<Void> deployHttp() {
    AppConfig.Http http = config.http();
    int instances = http.instances() == 0 ? Runtime.getRuntime().availableProcessors() : http.instances();
    // Port 0 (tests) is resolved once, so that every instance shares one port.
    int port = http.port() == 0 ? RedisProcess.freePort() : http.port();
    List<HttpVerticle> deployed = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      HttpVerticle v = new HttpVerticle(this::router, http, port);
      deployed.add(v);
      return v;
    }, new DeploymentOptions().setInstances(instances)).map(id -> {
      httpDeployment = id;
      httpPort = deployed.get(0).actualPort();
      LOG.info("redwire listening on http://{}:{} ({} router instances, profile {})",
          http.host(), httpPort, instances, config.profile().name().toLowerCase(java.util.Locale.ROOT));
      return null;
    });
  }

  private Router router(Vertx vx) {
    ApiRoutes routes = new ApiRoutes();
    services.mount(routes);
    List<Handler<RoutingContext>> filters = new ArrayList<>();
    filters.add(services.authHandler());
    AppConfig.RateLimit rateLimit = config.rateLimit();
    if (rateLimit.enabled()) {
      Quota quota = services.rateLimiter;
      if (rateLimit.leased()) {
        // one lease table per router, i.e. per event loop, so it needs no locks
        quota = new QuotaLeases(services.rateLimiter, rateLimit.leaseMax(), rateLimit.leaseMs());
      }
      filters.add(new RateLimitHandler(services.rateLimiter, quota));
    }
    return HttpRouter.create(vx, routes, filters, config.http(), services.metrics);
  }

  private static Buffer readOpenApi() throws IOException {
    try (InputStream in = RedwireApp.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IOException("openapi.yaml is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }

  /** Stops the verticles, closes the clients, then stops a dev Redis. Safe to call on a half-started app. */
  public Future<Void> stop() {
    Future<Void> undeploy = httpDeployment == null
        ? Future.succeededFuture()
        : vertx.undeploy(httpDeployment).otherwiseEmpty();
    return undeploy
        .compose(v -> services == null ? Future.<Void>succeededFuture() : services.close().otherwiseEmpty())
        .compose(v -> redis == null ? Future.<Void>succeededFuture() : redis.close().otherwiseEmpty())
        .compose(v -> devRedis == null
            ? Future.<Void>succeededFuture()
            : vertx.<Void>executeBlocking(() -> {
              devRedis.stop();
              return null;
            }).otherwiseEmpty());
  }
}
