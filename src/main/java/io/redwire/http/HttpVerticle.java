package io.redwire.http;

import io.redwire.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** Serves the REST API, health, metrics and pages. Several instances share one port, one per event loop. */
public final class HttpVerticle extends VerticleBase {

  private final BiFunction<Vertx, ConnectionGuard, Router> routerFactory;
  private final AppConfig.Http http;
  private final int port;
  private final ConnectionGuard.Limits limits;
  private final int webSocketMaxMessageBytes;
  private HttpServer server;
  private ConnectionGuard guard;

  /**
   * @param routerFactory builds this verticle's router on its event loop
   * @param port the port to listen on (the configured one, or the free port chosen for all instances)
   * @param limits the replica's connection limits, shared by every instance
   * @param webSocketMaxMessageBytes the largest message a WebSocket client may send (larger: close 1009)
   */
  public HttpVerticle(BiFunction<Vertx, ConnectionGuard, Router> routerFactory, AppConfig.Http http, int port,
      ConnectionGuard.Limits limits, int webSocketMaxMessageBytes) {
    this.routerFactory = routerFactory;
    this.http = http;
    this.port = port;
    this.limits = limits;
    this.webSocketMaxMessageBytes = webSocketMaxMessageBytes;
  }

  @Override
  public Future<?> start() {
    guard = new ConnectionGuard(vertx, limits);
    Router router = routerFactory.apply(vertx, guard);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.host())
        .setPort(port)
        .setHttp2ClearTextEnabled(http.h2c())
        .setTcpNoDelay(true)
        .setStrictThreadMode(http.strictThreads())
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // /ws: client messages are small JSON ops; compression would cost CPU per client per message
        .setMaxWebSocketFrameSize(webSocketMaxMessageBytes)
        .setMaxWebSocketMessageSize(webSocketMaxMessageBytes)
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    server = vertx.createHttpServer(options);
    server.connectionHandler(connection -> {
      StrictFraming.install(connection, options);
      guard.opened(connection);
    });
    server.invalidRequestHandler(Problems::writeInvalid);
    return server.requestHandler(request -> {
      guard.requestStarted(request.connection());
      router.handle(request);
    }).listen();
  }

  /** Lets in-flight requests finish (up to 10 s) before the port closes. */
  @Override
  public Future<?> stop() {
    if (guard != null) {
      guard.stop();
    }
    return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
