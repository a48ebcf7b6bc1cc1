package io.redwire;

import io.redwire.config.AppConfig;
import io.redwire.config.ConfigException;
import io.redwire.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar target/redwire.jar}. Loads the configuration, starts {@link RedwireApp}
 * and stops it cleanly on SIGTERM. Exit codes: 1 startup failure, 2 configuration error.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    AppConfig config;
    try {
      config = ConfigLoader.load();
    } catch (ConfigException e) {
      System.err.println("redwire: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    configureLogging(config);
    Logger log = LoggerFactory.getLogger(Main.class);

    // epoll when the native transport is on the classpath (Linux), NIO otherwise
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    log.info("Vert.x transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO");
    AtomicReference<RedwireApp> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, running.get(), log), "redwire-shutdown"));

    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    RedwireApp.start(vertx, config).onComplete(ar -> {
      if (ar.succeeded()) {
        running.set(ar.result());
      } else {
        failure.set(ar.cause());
      }
      started.countDown();
    });
    if (!started.await(5, TimeUnit.MINUTES)) {
      failure.compareAndSet(null, new IllegalStateException("startup took more than 5 minutes"));
    }
    if (failure.get() != null) {
      Throwable err = failure.get();
      log.error("redwire could not start: {}", err.getMessage());
      log.debug("startup failure", err);
      System.exit(err instanceof ConfigException ? 2 : 1);
    }
  }

  /** The main thread and the shutdown hook may block; event loops never do. */
  private static void shutdown(Vertx vertx, RedwireApp app, Logger log) {
    log.info("redwire stopping");
    if (app != null) {
      awaitQuietly(app.stop(), 30, log);
    }
    // closed separately: a completion chained on an event-loop future could not run once Vert.x is gone
    awaitQuietly(vertx.close(), 10, log);
    log.info("redwire stopped");
  }

  private static void awaitQuietly(io.vertx.core.Future<?> future, int seconds, Logger log) {
    CountDownLatch done = new CountDownLatch(1);
    future.onComplete(ar -> done.countDown());
    try {
      if (!done.await(seconds, TimeUnit.SECONDS)) {
        log.warn("shutdown step did not finish within {} s", seconds);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Must run before the first logger is created. */
  private static void configureLogging(AppConfig config) {
    System.setProperty("redwire.log.format", config.logFormat());
    if (System.getProperty("logback.configurationFile") == null) {
      Path local = Path.of("conf/logback.xml");
      System.setProperty("logback.configurationFile",
          Files.isRegularFile(local) ? local.toAbsolutePath().toString() : "conf/logback.xml");
    }
  }
}
