package io.redwire.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.RedwireApp;
import io.redwire.auth.Access;
import io.redwire.config.ConfigLoader;
import io.redwire.http.ApiRoutes;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The seam as a new capability sees it: added to the real list, its verticles deploy in list order
 * before the HTTP verticles and stop in reverse after them, it is closed after its verticles, and its
 * WebSocket route is authenticated like any API route.
 */
@RedwireTest
class CapabilityLifecycleIT {

  @Test
  void verticlesDeployInListOrderBeforeHttpAndStopInReverseAfterIt(TestRedis redis) {
    List<String> events = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      Probe a = new Probe("a", events);
      Probe b = new Probe("b", events);
      RedwireApp app = start(vertx, redis, List.of(a, b));
      String http = vertx.deploymentIDs().stream().filter(id -> !a.deployments.contains(id) && !b.deployments.contains(id)
          && !a.existingAtStart.contains(id)).findFirst().orElseThrow();
      a.httpDeployment = http;
      b.httpDeployment = http;
      // the real list's own verticles (the pub/sub bridge, ...) deploy before the probes at its end
      int before = a.deployedBefore;
      assertEquals(List.of("a started (" + before + " deployed)", "b started (" + (before + 1) + " deployed)"), events,
          "list order, each after the one before, the HTTP verticles not yet deployed");
      assertEquals(before + 3, vertx.deploymentIDs().size(), "then the HTTP verticles");

      app.stop().await();
      assertEquals(List.of("a started (" + before + " deployed)", "b started (" + (before + 1) + " deployed)",
          "b stopped (http closed)", "a stopped (http closed)", "b closed", "a closed"), events,
          "HTTP first, then verticles in reverse, then the capabilities in reverse");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aWebSocketRouteRunsTheApiFiltersOnTheHandshake(TestRedis redis) {
    Vertx vertx = Vertx.vertx();
    try {
      RedwireApp app = start(vertx, redis, List.of(new Probe("ws", new CopyOnWriteArrayList<>())));
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocketConnectOptions anonymous = new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(app.httpPort()).setURI("/api/v1/probe-ws/echo");
      Throwable refused = assertThrowsCause(() -> client.connect(anonymous).await());
      assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, refused).getStatus());

      WebSocketConnectOptions withKey = new WebSocketConnectOptions(anonymous)
          .addHeader("Authorization", "Bearer " + TestApp.SERVICE_KEY);
      WebSocket ws = client.connect(withKey).await();
      List<String> echoed = new CopyOnWriteArrayList<>();
      ws.textMessageHandler(echoed::add);
      ws.writeTextMessage("ping").await();
      await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("ping"));
      ws.close().await();
      app.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  private static RedwireApp start(Vertx vertx, TestRedis redis, List<Capability> extra) {
    return RedwireApp.start(vertx, ConfigLoader.load(TestApp.env(redis.url(), Map.of())), platform -> {
      List<Capability> all = new ArrayList<>(RedwireApp.capabilities(platform));
      all.addAll(extra);
      return all;
    }).await();
  }

  private static Throwable assertThrowsCause(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e.getCause() != null && !(e instanceof UpgradeRejectedException) ? e.getCause() : e;
    }
    throw new AssertionError("expected the call to fail");
  }

  /** A capability with one verticle and one WebSocket echo route that records its lifecycle. */
  private static final class Probe implements Capability {
    private final String name;
    private final List<String> events;
    final java.util.Set<String> deployments = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How many deployments there were when this probe's verticle started. */
    volatile int deployedBefore;
    final java.util.Set<String> existingAtStart = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The HTTP verticles' deployment, known once the app started. */
    volatile String httpDeployment;

    Probe(String name, List<String> events) {
      this.name = name;
      this.events = events;
    }

    @Override
    public List<VerticleSpec> verticles() {
      return List.of(new VerticleSpec("probe-" + name, () -> new VerticleBase() {
        @Override
        public Future<?> start() {
          deployedBefore = vertx.deploymentIDs().size();
          existingAtStart.addAll(vertx.deploymentIDs());
          events.add(name + " started (" + deployedBefore + " deployed)");
          deployments.add(context.deploymentID());
          return Future.succeededFuture();
        }

        @Override
        public Future<?> stop() {
          // the HTTP verticles must be gone by now: nothing may reach a half-stopped capability
          boolean httpGone = !vertx.deploymentIDs().contains(httpDeployment);
          events.add(name + " stopped (" + (httpGone ? "http closed" : "http still open") + ")");
          return Future.succeededFuture();
        }
      }, 1));
    }

    @Override
    public void routes(ApiRoutes routes) {
      routes.api("/probe-" + name).webSocket("/echo", Access.SERVICE,
          ctx -> ctx.request().toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage)));
    }

    @Override
    public Future<Void> close() {
      events.add(name + " closed");
      return Future.succeededFuture();
    }
  }
}
