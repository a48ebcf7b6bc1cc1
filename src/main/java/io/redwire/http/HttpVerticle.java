package io.redwire.http;

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
  private final String host;
  private final int port;
  private final boolean h2c;
  private HttpServer server;

  public HttpVerticle(Function<io.vertx.core.Vertx, Router> routerFactory, String host, int port, boolean h2c) {
    this.routerFactory = routerFactory;
    this.host = host;
    this.port = port;
    this.h2c = h2c;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setHttp2ClearTextEnabled(h2c)
        .setTcpNoDelay(true)
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
