package io.redwire.support;

import io.redwire.RedwireApp;
import io.redwire.config.AppConfig;
import io.redwire.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A whole redwire server (its own Vert.x, one router instance, a random free port) on a given Redis,
 * with a unique key prefix so tests never see each other's keys. Calls block the test thread.
 */
public final class TestApp implements AutoCloseable {

  public static final String ADMIN_KEY = "test-admin-key-0123456789";
  public static final String SERVICE_KEY = "test-service-key-0123456789";

  private final Vertx vertx;
  private final RedwireApp app;
  // HTTP/1.1 like the load tests and most clients; the JDK client would otherwise try an h2c upgrade first
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  private TestApp(Vertx vertx, RedwireApp app) {
    this.vertx = vertx;
    this.app = app;
    this.base = "http://127.0.0.1:" + app.httpPort();
  }

  /** Defaults for tests; {@code env} entries override them (use the real variable names). */
  public static Map<String, String> env(String redisUrl, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("REDIS_URL", redisUrl);
    all.put("HTTP_PORT", "0");
    all.put("REDWIRE_HTTP_HOST", "127.0.0.1");
    all.put("REDWIRE_HTTP_INSTANCES", "1");
    all.put("REDWIRE_API_KEYS", ADMIN_KEY + ":admin," + SERVICE_KEY + ":service");
    all.put("REDWIRE_KEY_PREFIX", "t" + UUID.randomUUID().toString().substring(0, 8) + ":");
    all.put("REDWIRE_RATE_LIMIT", "100000/60s");
    // the startup PING waits this long: generous, since CI machines may be busy (2 s flaked under load)
    all.put("REDWIRE_REDIS_CONNECT_TIMEOUT_MS", "10000");
    all.putAll(env);
    return all;
  }

  public static TestApp start(String redisUrl) {
    return start(redisUrl, Map.of());
  }

  /** An app on {@code redis} with what its topology needs (for a cluster {@code REDWIRE_REDIS_TYPE=cluster}), then {@code env}. */
  public static TestApp start(TestRedis redis, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(redis.appEnv());
    all.putAll(env);
    return start(redis.url(), all);
  }

  public static TestApp start(String redisUrl, Map<String, String> env) {
    return start(ConfigLoader.load(env(redisUrl, env)));
  }

  public static TestApp start(AppConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      return new TestApp(vertx, RedwireApp.start(vertx, config).await());
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public RedwireApp app() {
    return app;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String prefix() {
    return app.config().redis().keyPrefix();
  }

  public String baseUrl() {
    return base;
  }

  public Reply get(String path, String token) {
    return send("GET", path, null, token, Map.of());
  }

  public Reply delete(String path, String token) {
    return send("DELETE", path, null, token, Map.of());
  }

  public Reply post(String path, JsonObject body, String token) {
    return send("POST", path, body == null ? null : body.encode(), token, Map.of());
  }

  public Reply put(String path, JsonObject body, String token) {
    return send("PUT", path, body.encode(), token, Map.of());
  }

  public Reply patch(String path, JsonObject body, String token) {
    return send("PATCH", path, body.encode(), token, Map.of());
  }

  /** Any request; a non-null body is sent as application/json unless headers say otherwise. */
  public Reply send(String method, String path, String body, String token, Map<String, String> headers) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      req.header("Content-Type", "application/json");
    }
    headers.forEach(req::header);
    req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      app.stop().await();
    } finally {
      vertx.close().await();
    }
  }
}
