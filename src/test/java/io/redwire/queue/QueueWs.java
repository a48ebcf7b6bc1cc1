package io.redwire.queue;

import io.redwire.support.TestApp;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A /ws client that subscribes to channels and keeps the message frames it gets. */
final class QueueWs implements AutoCloseable {

  final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket ws;

  private QueueWs(TestApp app, String token) {
    URI base = URI.create(app.baseUrl());
    client = app.vertx().createWebSocketClient();
    ws = client.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/ws?token=" + token)).toCompletionStage().toCompletableFuture().join();
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
  }

  static QueueWs connect(TestApp app, String token) {
    return new QueueWs(app, token);
  }

  void subscribe(String channel) {
    ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("channel", channel).encode());
  }

  boolean subscribed(String channel) {
    return frames.stream().anyMatch(f -> "subscribed".equals(f.getString("type")) && channel.equals(f.getString("channel")));
  }

  List<JsonObject> payloads(String channel) {
    return frames.stream().filter(f -> "message".equals(f.getString("type")) && channel.equals(f.getString("channel")))
        .map(f -> f.getJsonObject("payload")).toList();
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }
}
