package io.redwire.http;

import io.redwire.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Serves the REST API, health, metrics and pages. Several instances share one port, one per event loop. */
public final class HttpVerticle extends VerticleBase {

  private final Function<io.vertx.core.Vertx, Router> routerFactory;
  private final AppConfig.Http http;
  private final int port;
  private HttpServer server;

  /** @param port the port to listen on (the configured one, or the free port chosen for all instances) */
  public HttpVerticle(Function<io.vertx.core.Vertx, Router> routerFactory, AppConfig.Http http, int port) {
    this.routerFactory = routerFactory;
    this.http = http;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(http.host())
        .setPort(port)
        .setHttp2ClearTextEnabled(http.h2c())
        .setTcpNoDelay(true)
        .setStrictThreadMode(http.strictThreads())
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    return server.requestHandler(routerFactory.apply(vertx)).listen();
  }

  /** Lets in-flight requests finish (up to 10 s) before the port closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
