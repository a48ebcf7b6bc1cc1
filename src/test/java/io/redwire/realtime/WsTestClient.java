package io.redwire.realtime;


import io.redwire.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of /ws for tests: every text frame it receives, parsed, in order; and how it closed. */
final class WsTestClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);

  private final WebSocketClient client;
  private final WebSocket ws;
  final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  volatile Short closeCode;

  private WsTestClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(v -> closeCode = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
  }

  /** Connects to the app's /ws; {@code query} e.g. "?token=..." or ""; {@code bearer} for the header, or null. */
  static WsTestClient connect(TestApp app, String query, String bearer) {
    return connect(app.vertx(), app.baseUrl(), query, bearer).toCompletionStage().toCompletableFuture().join();
  }

  static Future<WsTestClient> connect(Vertx vertx, String baseUrl, String query, String bearer) {
    URI base = URI.create(baseUrl);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 22));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/ws" + query);
    if (bearer != null) {
      options.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + bearer));
    }
    return client.connect(options).map(ws -> new WsTestClient(client, ws))
        .onFailure(e -> client.close());
  }

  /** The handshake's failure (e.g. the status of a refused upgrade) when connecting fails. */
  static Throwable refusal(TestApp app, String query, String bearer) {
    try {
      connect(app.vertx(), app.baseUrl(), query, bearer).toCompletionStage().toCompletableFuture()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the upgrade was accepted");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  void sendText(String text) {
    ws.writeTextMessage(text);
  }

  void subscribe(String channel) {
    send(new JsonObject().put("op", "subscribe").put("channel", channel));
  }

  /** The first frame matching, waiting for it. */
  JsonObject await(Predicate<JsonObject> match) {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> frames.stream().anyMatch(match));
    return frames.stream().filter(match).findFirst().orElseThrow();
  }

  /** Subscribes and waits for the subscribed reply. */
  JsonObject subscribed(String channel) {
    subscribe(channel);
    return await(f -> "subscribed".equals(f.getString("type")) && channel.equals(f.getString("channel")));
  }

  List<JsonObject> messages(String channel) {
    return frames.stream().filter(f -> "message".equals(f.getString("type")) && channel.equals(f.getString("channel")))
        .toList();
  }

  List<JsonObject> ofType(String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  short awaitClose() {
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> closeCode != null);
    return closeCode;
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }

  static JsonObject isType(String type, JsonObject f) {
    return type.equals(f.getString("type")) ? f : null;
  }
}
