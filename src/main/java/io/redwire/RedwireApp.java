package io.redwire;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redwire.auth.AuthCapability;
import io.redwire.config.AppConfig;
import io.redwire.counter.CounterCapability;
import io.redwire.experiment.ExperimentCapability;
import io.redwire.http.ApiRoutes;
import io.redwire.http.ConnectionGuard;
import io.redwire.http.HttpMetrics;
import io.redwire.http.HttpRouter;
import io.redwire.http.HttpVerticle;
import io.redwire.leaderboard.LeaderboardCapability;
import io.redwire.lock.LockCapability;
import io.redwire.ops.OpsCapability;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.platform.VerticleSpec;
import io.redwire.profile.ProfileCapability;
import io.redwire.queue.QueueCapability;
import io.redwire.ratelimit.RateLimitCapability;
import io.redwire.realtime.RealtimeCapability;
import io.redwire.redis.RedisEndpoints;
import io.redwire.redis.RedisFactory;
import io.redwire.redis.RedisProcess;
import io.redwire.redis.RedisTarget;
import io.redwire.redis.SharedRedis;
import io.redwire.session.SessionCapability;
import io.redwire.stream.StreamCapability;
import io.redwire.visitor.VisitorCapability;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: finds Redis (starting a private one in dev when there is none), creates the
 * shared clients and the {@link Platform}, builds the capabilities, deploys their verticles in list order
 * and the HTTP verticles last. {@link #stop()} undoes it in reverse.
 */
public final class RedwireApp {

  /**
   * The application: every capability, in order. Routes and API filters are installed in this order
   * (authentication, then the rate limit, before any route's access rule) and verticles deployed in it.
   * Adding a capability is one package and one line here.
   */
  public static List<Capability> capabilities(Platform platform) {
    SessionCapability sessions = new SessionCapability(platform);
    AuthCapability auth = new AuthCapability(platform, sessions.tokens());
    LeaderboardCapability leaderboards = new LeaderboardCapability(platform);
    RealtimeCapability realtime = new RealtimeCapability(platform, auth::newAuthenticator, leaderboards.live());
    return List.of(
        new OpsCapability(platform),
        auth,
        new RateLimitCapability(platform),
        sessions,
        new CounterCapability(platform),
        new LockCapability(platform),
        new ProfileCapability(platform),
        new VisitorCapability(platform),
        leaderboards,
        new ExperimentCapability(platform),
        realtime,
        new StreamCapability(platform),
        new QueueCapability(platform, realtime.publisher()));
  }

  private static final Logger LOG = LoggerFactory.getLogger(RedwireApp.class);
  private static final int PROBE_TIMEOUT_MS = 500;
  /**
   * The HTTP server drops a WebSocket frame this many times over realtime.maxFrameBytes outright (a bound on
   * memory); frames between the two are closed by the endpoint with 1009 and a reason.
   */
  private static final int WEBSOCKET_FRAME_SLACK = 4;

  private final Vertx vertx;
  private final AppConfig config;
  private final Function<Platform, List<Capability>> application;
  /** Undone in reverse by {@link #stop()}: deployments, capabilities, the platform, clients, dev Redis. */
  private final Deque<Stoppable> started = new ArrayDeque<>();
  private String redisUrl;
  private RedisProcess devRedis;
  private Platform platform;
  private List<Capability> capabilities = List.of();
  private int httpPort;

  @FunctionalInterface
  private interface Stoppable {
    Future<?> stop();
  }

  private RedwireApp(Vertx vertx, AppConfig config, Function<Platform, List<Capability>> application) {
    this.vertx = vertx;
    this.config = config;
    this.application = application;
  }

  public static Future<RedwireApp> start(Vertx vertx, AppConfig config) {
    return start(vertx, config, RedwireApp::capabilities);
  }

  /** With another capability list (tests add probes to the real one). */
  public static Future<RedwireApp> start(Vertx vertx, AppConfig config,
      Function<Platform, List<Capability>> application) {
    RedwireApp app = new RedwireApp(vertx, config, application);
    return app.boot()
        .map(v -> app)
        .recover(err -> app.stop().transform(ignored -> Future.failedFuture(err)));
  }

  public AppConfig config() {
    return config;
  }

  /** The durable Redis in use: REDIS_URL, the default address, or the dev Redis this server started. */
  public String redisUrl() {
    return redisUrl;
  }

  public int httpPort() {
    return httpPort;
  }

  public Platform platform() {
    return platform;
  }

  /** The Redis this server started itself in dev mode, or null. */
  public RedisProcess devRedis() {
    return devRedis;
  }

  /** Every route the server has, as registered by the capabilities. */
  public List<ApiRoutes.Spec> routes() {
    ApiRoutes routes = new ApiRoutes();
    capabilities.forEach(c -> c.routes(routes));
    return routes.specs();
  }

  private Future<Void> boot() {
    if (config.auth().generated()) {
      // to the console only, so the developer can call the API; it is never stored or logged
      System.out.println("redwire dev profile: no REDWIRE_API_KEYS configured; generated admin key for this run: "
          + config.apiKeys().keySet().iterator().next());
    }
    return resolveRedisUrl().compose(url -> {
      redisUrl = url;
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      int eventLoops = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
      AppConfig.Redis redisConfig = config.redis();
      RedisTarget durableTarget = new RedisTarget(redisConfig.type(), url, redisConfig.masterName());
      SharedRedis durable = RedisFactory.durable(vertx, durableTarget, redisConfig, eventLoops, metrics);
      String cacheUrl = redisConfig.cacheUrl();
      // cache data never waits for replicas: with acknowledged writes it gets a client of its own on that Redis
      SharedRedis cache = cacheUrl == null && redisConfig.minReplicasAck() == 0
          ? durable
          : RedisFactory.shared(vertx, "cache", cacheUrl == null ? durableTarget : new RedisTarget(
              redisConfig.cacheType(), cacheUrl, redisConfig.cacheMasterName()), redisConfig, eventLoops, metrics);
      RedisEndpoints endpoints = new RedisEndpoints(durable, cache);
      started.push(endpoints::close);
      return Future.all(endpoints.distinct().stream().map(this::checkReachable).toList())
          .compose(v -> {
            platform = new Platform(vertx, config, endpoints, metrics, Clock.systemUTC());
            started.push(platform::close);
            // capabilities read their Lua scripts and documents from the classpath: not on an event loop
            return platform.start().compose(ready -> vertx.executeBlocking(() -> application.apply(platform)));
          })
          .compose(built -> {
            capabilities = built;
            for (Capability c : built) {
              started.push(c::close);
            }
            return Future.all(endpoints.distinct().stream().map(r -> r.preload(platform.scripts().all())).toList());
          })
          .compose(v -> deployCapabilityVerticles())
          .compose(v -> deployHttp());
    });
  }

  /** REDIS_URL if set; else the default address if something answers there; else (dev only) a private Redis. */
  private Future<String> resolveRedisUrl() {
    if (config.redis().url() != null) {
      return Future.succeededFuture(config.redis().url());
    }
    String fallback = config.redis().defaultUrl();
    return probe(fallback).compose(answered -> {
      if (answered) {
        LOG.info("REDIS_URL is not set; using the Redis at {}", RedisFactory.redact(fallback));
        return Future.succeededFuture(fallback);
      }
      if (!config.isDev()) {
        return Future.failedFuture(new StartupException("REDIS_URL is not set and nothing answers at "
            + RedisFactory.redact(fallback) + "; set REDIS_URL to your Redis", null));
      }
      return vertx.executeBlocking(() -> RedisProcess.start(config.redis().embeddedPort(), List.of()))
          .map(process -> {
            devRedis = process;
            started.push(() -> vertx.executeBlocking(() -> {
              process.close();
              return null;
            }));
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
    String where = endpoint.target().describe();
    return endpoint.ping(config.redis().connectTimeoutMs())
        .compose(pong -> endpoint.detectVersion())
        .onSuccess(version -> LOG.info("Redis ({}) at {}: version {}", endpoint.name(), where, version))
        .recover(err -> Future.failedFuture(new StartupException(
            "Cannot reach Redis (" + endpoint.name() + ") at " + where + ": " + err.getMessage(), err)))
        .mapEmpty();
  }

  /** In list order, one after the other, so a verticle may rely on those of earlier capabilities. */
  private Future<Void> deployCapabilityVerticles() {
    Future<Void> chain = Future.succeededFuture();
    for (Capability capability : capabilities) {
      for (VerticleSpec spec : capability.verticles()) {
        chain = chain.compose(v -> deploy(spec.name(), spec.factory(), spec.instances()).mapEmpty());
      }
    }
    return chain;
  }

  private Future<String> deploy(String name, Supplier<? extends Deployable> factory, int instances) {
    return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances)).map(id -> {
      started.push(() -> vertx.undeploy(id));
      LOG.debug("deployed {} ({} instances)", name, instances);
      return id;
    });
  }

  private Future<Void> deployHttp() {
    AppConfig.Http http = config.http();
    int instances = http.instances() == 0 ? Runtime.getRuntime().availableProcessors() : http.instances();
    // Port 0 (tests) is resolved once, so that every instance shares one port.
    int port = http.port() == 0 ? RedisProcess.freePort() : http.port();
    HttpMetrics metrics = new HttpMetrics(platform.metrics());
    ConnectionGuard.Limits limits = new ConnectionGuard.Limits(http.maxConnections(), http.headerTimeoutMs(),
        http.bodyTimeoutMs(), platform.metrics());
    List<HttpVerticle> deployed = new CopyOnWriteArrayList<>();
    return deploy("http", () -> {
      HttpVerticle v = new HttpVerticle((vx, guard) -> router(vx, metrics, guard), http, port, limits,
          config.realtime().maxFrameBytes() * WEBSOCKET_FRAME_SLACK);
      deployed.add(v);
      return v;
    }, instances).map(id -> {
      httpPort = deployed.get(0).actualPort();
      LOG.info("redwire listening on http://{}:{} ({} router instances, profile {})",
          http.host(), httpPort, instances, config.profile().name().toLowerCase(Locale.ROOT));
      return null;
    });
  }

  /** One router per HTTP verticle, built on its event loop. */
  private Router router(Vertx vx, HttpMetrics metrics, ConnectionGuard guard) {
    ApiRoutes routes = new ApiRoutes();
    List<Handler<RoutingContext>> filters = new ArrayList<>();
    for (Capability c : capabilities) {
      c.routes(routes);
      filters.addAll(c.apiFilters());
    }
    routes.shutdownHooks().forEach(guard::onStop);
    return HttpRouter.create(vx, routes, filters, config.http(), metrics, guard);
  }

  /**
   * Undoes what started, newest first: HTTP verticles, capability verticles in reverse list order,
   * capabilities, the platform, the shared clients, a dev Redis. Safe to call on a half-started app; a
   * step that fails does not keep the others from running.
   */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    while (!started.isEmpty()) {
      Stoppable step = started.pop();
      chain = chain.transform(ignored -> stopQuietly(step));
    }
    return chain;
  }

  private static Future<Void> stopQuietly(Stoppable step) {
    try {
      return step.stop().<Void>mapEmpty().otherwiseEmpty();
    } catch (RuntimeException e) {
      LOG.warn("a shutdown step failed: {}", e.toString());
      return Future.succeededFuture();
    }
  }
}
