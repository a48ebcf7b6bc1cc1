package io.redwire.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow and idle clients from holding the server: at most {@code maxConnections} open client
 * connections per replica (more are closed at once), and a connection that has not sent a whole request
 * head within {@code headerTimeoutMs} is closed (a slowloris dripping header bytes keeps a connection
 * "active", so the idle timeout alone does not catch it). The clock starts when the connection opens
 * and again whenever it has no request in flight; a sweep per event loop closes the late ones, so a
 * connection may live up to a quarter of the timeout (at most a second) longer. The same sweep answers
 * 408 to a request whose body has not arrived within {@code bodyTimeoutMs} of the start of its reading.
 *
 * <p>{@link Limits} is shared by every HTTP verticle of the replica; each verticle has its own guard,
 * used only on its event loop, so its connection table needs no locks.
 */
public final class ConnectionGuard {

  /** The replica-wide part: the limit, the count, the meters. */
  public static final class Limits {
    private final int maxConnections;
    private final long headerTimeoutMs;
    private final long bodyTimeoutMs;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;
    private final Counter headerTimeouts;
    private final Counter bodyTimeouts;

    public Limits(int maxConnections, long headerTimeoutMs, long bodyTimeoutMs, MeterRegistry registry) {
      this.maxConnections = maxConnections;
      this.headerTimeoutMs = headerTimeoutMs;
      this.bodyTimeoutMs = bodyTimeoutMs;
      Gauge.builder("redwire_http_connections_open", open, AtomicInteger::get)
          .description("Client connections open on this replica").register(registry);
      this.refused = Counter.builder("redwire_http_connections_refused")
          .description("Connections closed at once because the replica had maxConnections open").register(registry);
      this.headerTimeouts = timeouts(registry, "header");
      this.bodyTimeouts = timeouts(registry, "body");
    }

    private static Counter timeouts(MeterRegistry registry, String phase) {
      return Counter.builder("redwire_http_request_timeouts")
          .description("Connections cut off because a request's head or body did not arrive in time")
          .tag("phase", phase).register(registry);
    }
  }

  /**
   * One connection's requests in flight, since when it has had none (System.nanoTime()), and the request
   * whose body is being read with its deadline (null when none).
   */
  private static final class State {
    int inFlight;
    long idleSince;
    RoutingContext readingBody;
    long bodyDeadline;
  }

  private final Vertx vertx;
  private final Limits limits;
  private final long headerTimeoutNanos;
  private final Map<HttpConnection, State> connections = new IdentityHashMap<>();
  private long sweeper = -1;
  private final List<Runnable> stopHooks = new ArrayList<>();

  private final long bodyTimeoutNanos;

  public ConnectionGuard(Vertx vertx, Limits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.headerTimeoutMs);
    this.bodyTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.bodyTimeoutMs);
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection, or closes it when the replica is full. */
  public void opened(HttpConnection connection) {
    if (limits.open.incrementAndGet() > limits.maxConnections) {
      limits.open.decrementAndGet();
      limits.refused.increment();
      connection.close();
      return;
    }
    State state = new State();
    state.idleSince = System.nanoTime();
    connections.put(connection, state);
    if (sweeper < 0) {
      // a sweep per event loop instead of a timer per request keeps the hot path to two field writes
      long period = Math.max(50, Math.min(1000, Math.min(limits.headerTimeoutMs, limits.bodyTimeoutMs) / 4));
      sweeper = vertx.setPeriodic(period, id -> sweep());
    }
    connection.closeHandler(v -> {
      if (connections.remove(connection) != null) {
        limits.open.decrementAndGet();
      }
    });
  }

  /** A request's head has arrived on the connection. */
  public void requestStarted(HttpConnection connection) {
    State state = connections.get(connection);
    if (state != null) {
      state.inFlight++;
    }
  }

  /** A request's response has ended; with nothing else in flight, the next head must arrive in time. */
  public void requestEnded(HttpConnection connection) {
    State state = connections.get(connection);
    if (state != null && --state.inFlight <= 0) {
      state.inFlight = 0;
      state.idleSince = System.nanoTime();
    }
  }

  /** A request's body starts to be read: it must be in within the body timeout. */
  void bodyStarted(RoutingContext ctx) {
    State state = connections.get(ctx.request().connection());
    if (state != null) {
      state.readingBody = ctx;
      state.bodyDeadline = System.nanoTime() + bodyTimeoutNanos;
    }
  }

  /** The body is in. */
  void bodyFinished(RoutingContext ctx) {
    State state = connections.get(ctx.request().connection());
    if (state != null && state.readingBody == ctx) {
      state.readingBody = null;
    }
  }

  /**
   * Closes connections that have waited too long for a request head and answers 408 to bodies that did
   * not arrive in time (the problem writer then closes their connection); stops when there are none.
   */
  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> late = new ArrayList<>();
    List<RoutingContext> slowBodies = new ArrayList<>();
    connections.forEach((connection, state) -> {
      if (state.inFlight == 0 && now - state.idleSince > headerTimeoutNanos) {
        late.add(connection);
      } else if (state.readingBody != null && now - state.bodyDeadline > 0) {
        slowBodies.add(state.readingBody);
        state.readingBody = null;
      }
    });
    for (RoutingContext ctx : slowBodies) {
      if (!ctx.response().ended() && !ctx.response().closed()) {
        limits.bodyTimeouts.increment();
        ctx.fail(408);
      }
    }
    for (HttpConnection connection : late) {
      connections.remove(connection);
      limits.open.decrementAndGet();
      limits.headerTimeouts.increment();
      connection.close();
    }
    if (connections.isEmpty()) {
      vertx.cancelTimer(sweeper);
      sweeper = -1;
    }
  }

  /** Stops the sweep (the verticle is stopping). */
  /** Runs first when {@link #stop()} is called (on this event loop). */
  public void onStop(Runnable hook) {
    stopHooks.add(hook);
  }

  public void stop() {
    List<Runnable> hooks = List.copyOf(stopHooks);
    stopHooks.clear();
    hooks.forEach(Runnable::run);
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
      sweeper = -1;
    }
  }
}
