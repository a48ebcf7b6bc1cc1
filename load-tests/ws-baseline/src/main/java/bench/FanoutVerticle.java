package bench;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** One event loop's WebSocket server: its own channel -> clients map, touched only on its own context. */
final class FanoutVerticle extends VerticleBase {
  private final BareVertxFanout fanout;
  private final int port;
  private final Map<String, Set<ServerWebSocket>> subscribers = new HashMap<>();
  long written;
  long skipped;

  FanoutVerticle(BareVertxFanout fanout, int port) {
    this.fanout = fanout;
    this.port = port;
  }

  Context context() {
    return context;
  }

  @Override
  public Future<?> start() {
    if (fanout.register(this)) {
      fanout.subscribe(vertx);
    }
    HttpServerOptions options = new HttpServerOptions()
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setStrictThreadMode(true);
    return vertx.createHttpServer(options)
        .requestHandler(req -> req.response().setStatusCode("/health".equals(req.path()) ? 200 : 404).end())
        .webSocketHandshakeHandler(hs -> {
          if ("/ws".equals(hs.path())) {
            hs.accept();
          } else {
            hs.reject(404);
          }
        })
        .webSocketHandler(this::onConnect)
        .listen(port);
  }

  private void onConnect(ServerWebSocket ws) {
    ws.textMessageHandler(text -> {
      JsonObject op;
      try {
        op = new JsonObject(text);
      } catch (DecodeException e) {
        ws.writeTextMessage("{\"type\":\"error\",\"detail\":\"not JSON\"}");
        return;
      }
      switch (op.getString("op", "")) {
        case "auth" -> { } // the baseline has no auth: accepted and ignored
        case "ping" -> ws.writeTextMessage("{\"type\":\"pong\"}");
        case "subscribe" -> subscribe(ws, op.getString("channel", ""));
        default -> ws.writeTextMessage("{\"type\":\"error\",\"detail\":\"unknown op\"}");
      }
    });
    ws.closeHandler(v -> subscribers.values().forEach(clients -> clients.remove(ws)));
  }

  private void subscribe(ServerWebSocket ws, String channel) {
    // the Redis subscription is confirmed on the subscriber's thread: hop back before touching the map
    fanout.redisSubscribed().onComplete(ar -> context.runOnContext(v -> {
      if (ws.isClosed()) {
        return;
      }
      subscribers.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(ws);
      ws.writeTextMessage(new JsonObject().put("type", "subscribed").put("channel", channel).encode());
    }));
  }

  /** On this verticle's context; owns one reference to {@code encoded}. */
  void deliver(String channel, ByteBuf encoded) {
    try {
      Set<ServerWebSocket> clients = subscribers.get(channel);
      if (clients == null) {
        return;
      }
      for (ServerWebSocket ws : clients) {
        if (ws.writeQueueFull()) {
          skipped++;
          continue;
        }
        // a fresh frame over a retained duplicate: Netty releases each frame's buffer once written
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, encoded.retainedDuplicate(), true));
        written++;
      }
    } finally {
      encoded.release();
    }
  }
}
