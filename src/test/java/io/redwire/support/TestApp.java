package io.redwire.support;

import io.redwire.RedwireApp;
import io.redwire.config.AppConfig;
import io.redwire.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
  private final ApiClient http;

  private TestApp(Vertx vertx, RedwireApp app) {
    this.vertx = vertx;
    this.app = app;
    this.http = new ApiClient("http://127.0.0.1:" + app.httpPort());
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
    return http.baseUrl();
  }

  public Reply get(String path, String token) {
    return http.get(path, token);
  }

  public Reply delete(String path, String token) {
    return http.delete(path, token);
  }

  public Reply post(String path, JsonObject body, String token) {
    return http.post(path, body, token);
  }

  public Reply put(String path, JsonObject body, String token) {
    return http.put(path, body, token);
  }

  public Reply patch(String path, JsonObject body, String token) {
    return http.patch(path, body, token);
  }

  /** Any request; a non-null body is sent as application/json unless headers say otherwise. */
  public Reply send(String method, String path, String body, String token, Map<String, String> headers) {
    return http.send(method, path, body, token, headers);
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
