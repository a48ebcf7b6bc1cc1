package io.redwire.realtime;

import io.redwire.auth.Access;
import io.redwire.auth.Authenticator;
import io.redwire.auth.Principal;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.platform.VerticleSpec;
import io.redwire.redis.Backoff;
import io.redwire.redis.RedisSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The WebSocket endpoint {@code /ws}, its Pub/Sub bridge verticle, live leaderboard windows, and
 * {@code POST /api/v1/notifications}. Every replica bridges Redis Pub/Sub to its own clients, so a message
 * published through any replica reaches subscribers on all of them.
 */
public final class RealtimeCapability implements Capability {

  /** The sweep looks at every client at least this often (and at half the shortest timeout). */
  private static final long MAX_SWEEP_INTERVAL_MS = 1000;
  private static final long MIN_SWEEP_INTERVAL_MS = 50;

  private final Platform platform;
  private final AppConfig.Realtime config;
  private final Channels channels;
  private final NotificationService notifications;
  private final RealtimeMetrics metrics;
  private final Supplier<Authenticator> authenticators;
  private final LiveBoards boards;
  private final WsSession.Services services;
  private final RedisSubscriber bridgeSubscriber;
  private volatile Bridge bridge;
  private volatile LeaderboardFeed feed;

  /**
   * @param authenticators makes an authenticator per event loop (for {@code auth} frames)
   * @param boards the leaderboards the live windows read
   */
  public RealtimeCapability(Platform platform, Supplier<Authenticator> authenticators, LiveBoards boards) {
    this.platform = platform;
    this.config = platform.config().realtime();
    this.channels = new Channels(platform.keySpace(), config.durableChannels());
    this.notifications = new NotificationService(platform.durable(), channels, platform.scripts(), config,
        platform.subscriber().publishCommand());
    this.metrics = new RealtimeMetrics(platform.metrics());
    this.authenticators = authenticators;
    this.boards = boards;
    this.services = new WsSession.Services(WsSession.view(config), channels, notifications, boards, metrics);
    this.bridgeSubscriber = platform.newSubscriber("bridge");
  }

  /** Publishing to /ws channels for other capabilities (the same path as POST /api/v1/notifications). */
  public Publisher publisher() {
    return (channel, payloadJson) -> notifications.publish(channel, payloadJson).map(NotificationService.Published::receivers);
  }

  @Override
  public List<VerticleSpec> verticles() {
    return List.of(new VerticleSpec("pubsub-bridge", () -> new PubSubBridgeVerticle(bridgeSubscriber, this::attach), 1));
  }

  private Future<Void> attach(Context context) {
    AppConfig.Redis redis = platform.config().redis();
    bridge = new Bridge(platform.vertx(), context, bridgeSubscriber, channels, notifications, platform.durable(),
        new Backoff(redis.reconnectMinMs(), redis.reconnectMaxMs()), config.historySize(), platform.metrics());
    feed = new LeaderboardFeed(platform.vertx(), context, bridgeSubscriber, boards, config.leaderboardIntervalMs(),
        platform.metrics());
    return Future.succeededFuture();
  }

  @Override
  public void routes(ApiRoutes routes) {
    new NotificationRoutes(notifications, config.maxPayloadBytes()).mount(routes);
    HubHolder holder = new HubHolder();
    routes.onShutdown(holder::shutdown);
    routes.webSocket("/ws", Access.ANYONE, ctx -> upgrade(ctx, holder));
    new LivePage().mount(routes);
  }

  /** This HTTP verticle's hub and authenticator, made on its first WebSocket (on its event loop). */
  private final class HubHolder {
    LoopHub hub;
    Authenticator authenticator;

    LoopHub hub() {
      if (hub == null) {
        Vertx vertx = platform.vertx();
        hub = new LoopHub(vertx, vertx.getOrCreateContext(), bridge, feed, metrics, sweepIntervalMs());
        authenticator = authenticators.get();
      }
      return hub;
    }

    void shutdown() {
      if (hub != null) {
        hub.shutdown();
      }
    }
  }

  private long sweepIntervalMs() {
    long shortest = Math.min(config.pingIntervalMs(), Math.min(config.authTimeoutMs(),
        Math.max(config.slowClientGraceMs(), MIN_SWEEP_INTERVAL_MS)));
    return Math.max(MIN_SWEEP_INTERVAL_MS, Math.min(MAX_SWEEP_INTERVAL_MS, shortest / 2));
  }

  private void upgrade(RoutingContext ctx, HubHolder holder) {
    String upgrade = ctx.request().getHeader("Upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw new ProblemException(426, Problems.type("upgrade-required"), Problems.title(426),
          "/ws is a WebSocket endpoint: connect with a WebSocket client", List.of(), Map.of("Upgrade", "websocket"));
    }
    if (metrics.connections.get() >= config.maxConnections()) {
      throw new ProblemException(503, Problems.type("too-many-websockets"), Problems.title(503),
          "this replica has its " + config.maxConnections() + " WebSocket connections; try again later",
          List.of(), Map.of("Retry-After", "1"));
    }
    Principal principal = Access.principal(ctx);
    LoopHub hub = holder.hub();
    ctx.request().toWebSocket().onSuccess(ws -> new WsSession(ws, hub, principal, holder.authenticator, services).start())
        .onFailure(ctx::fail);
  }
}
