// Baseline for the counter benchmark: a bare Vert.x 5 handler doing one INCR on a pipelined Redis
// connection per event loop, no auth, no rate limit, no metrics, no validation. Run from the repo root:
//   java -cp target/redwire.jar load-tests/baseline/BareVertxIncr.java <http-port> <redis-url>
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

public class BareVertxIncr {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String url = args[1];
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx.deployVerticle(() -> new AbstractVerticle() {
      @Override
      public void start() {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxWaitingHandlers(8192));
        client.connect().onSuccess(conn -> vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b ->
            conn.send(Request.cmd(Command.INCR).arg("bare:bench")).onComplete(ar -> {
              if (ar.succeeded()) {
                req.response().putHeader("Content-Type", "application/json")
                    .end("{\"name\":\"bench\",\"value\":" + ar.result().toLong() + "}");
              } else {
                req.response().setStatusCode(503).end();
              }
            }))).listen(port));
      }
    }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
  }
}
