package io.redwire.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Blocking HTTP calls to one redwire server, as tests make them. */
public final class ApiClient {

  // HTTP/1.1 like the load tests and most clients; the JDK client would otherwise try an h2c upgrade first
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  public ApiClient(String base) {
    this.base = base;
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
}
