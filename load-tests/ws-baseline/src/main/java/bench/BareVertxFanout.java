package bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bare Vert.x 5 fan-out baseline of load-tests/bench-fanout.sh, in the shape of
 * shared/research/ws-fanout-baseline.md: two event-loop verticles on one port, each with its own
 * channel -> clients map; the first one holds the process's only SUBSCRIBE connection. Per Redis message:
 * decoded once, the frame encoded once, one runOnContext hop per verticle context. No auth (an auth frame
 * or ?token= is accepted and ignored), no metrics, no history, compression off.
 *
 * <p>Redis message on a channel: {@code {"offset":"<id>","payload":{...}}}; frame sent to clients:
 * {@code {"type":"message","channel":"<channel>","offset":"<id>","payload":{...}}}, redwire's frame.
 *
 * <p>{@code java -jar ws-baseline.jar <port> <redis-url> [channel,channel...]} ({@code -Dbench.native=false}: NIO)
 */
public final class BareVertxFanout {
  static final int VERTICLES = 2;

  private final List<FanoutVerticle> loops = new CopyOnWriteArrayList<>();
  private final Promise<Void> redisSubscribed = Promise.promise();
  private final List<String> channels;
  private final String redisUrl;

  private BareVertxFanout(String redisUrl, List<String> channels) {
    this.redisUrl = redisUrl;
    this.channels = channels;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    List<String> channels = List.of((args.length > 2 ? args[2] : "news:bench").split(","));
    BareVertxFanout fanout = new BareVertxFanout(args[1], channels);
    boolean preferNative = !"false".equals(System.getProperty("bench.native"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(preferNative));
    vertx.deployVerticle(() -> new FanoutVerticle(fanout, port), new DeploymentOptions().setInstances(VERTICLES))
        .onSuccess(id -> System.out.println("ws-baseline listening on " + port + ", transport "
            + (vertx.isNativeTransportEnabled() ? "epoll" : "NIO")))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("ws-baseline " + port
        + ": frames written " + fanout.loops.stream().mapToLong(l -> l.written).sum()
        + ", skipped (write queue full) " + fanout.loops.stream().mapToLong(l -> l.skipped).sum())));
  }

  /** Called by each verticle on its own context; the first one to register opens the subscriber. */
  synchronized boolean register(FanoutVerticle loop) {
    loops.add(loop);
    return loops.size() == 1;
  }

  /** Completes (on the subscriber's thread) once Redis confirmed every channel. */
  io.vertx.core.Future<Void> redisSubscribed() {
    return redisSubscribed.future();
  }

  /** Runs on the subscribing verticle's context. */
  void subscribe(Vertx vertx) {
    int[] confirmed = {0};
    Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)).connect().compose(conn -> {
      conn.handler(m -> {
        String kind = m.get(0).toString();
        if ("message".equals(kind)) {
          fanOut(m.get(1).toString(), m.get(2));
        } else if ("subscribe".equals(kind) && ++confirmed[0] == channels.size()) {
          redisSubscribed.complete();
        }
      });
      conn.exceptionHandler(Throwable::printStackTrace);
      conn.endHandler(v -> System.err.println("ws-baseline: subscriber connection closed"));
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.forEach(subscribe::arg);
      return conn.send(subscribe);
    }).onFailure(e -> {
      e.printStackTrace();
      System.exit(1);
    });
  }

  private void fanOut(String channel, Response message) {
    JsonObject published = new JsonObject(message.toBuffer());
    JsonObject frame = new JsonObject().put("type", "message").put("channel", channel);
    if (published.containsKey("offset")) {
      frame.put("offset", published.getValue("offset"));
    }
    frame.put("payload", published.getValue("payload"));
    ByteBuf encoded = Unpooled.wrappedBuffer(frame.toBuffer().getBytes());
    for (FanoutVerticle loop : loops) {
      encoded.retain();
      loop.context().runOnContext(v -> loop.deliver(channel, encoded));
    }
    encoded.release();
  }
}
