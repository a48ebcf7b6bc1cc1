package io.redwire.queue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the {@link ProbeHandlerProvider}'s handler applies its effect: a local HTTP server that records
 * every delivery ({@code POST /effects/<jobId>}) and applies each job's effect once, keeping its first
 * delivery (an idempotent downstream). While {@link #hold} is on it applies but does not answer, so the
 * sending handler is stuck mid-job.
 */
final class EffectStore implements AutoCloseable {

  /** One POST: the job, its attempt, the process that sent it. */
  record Delivery(String jobId, long attempts, long pid, JsonObject payload) {}

  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  /** The effect: job id to the delivery that applied it. */
  final Map<String, Delivery> applied = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final HttpServer server;
  private volatile boolean holding;

  private EffectStore(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().join();
  }

  static EffectStore start() {
    return new EffectStore(Vertx.vertx());
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  void hold(boolean hold) {
    holding = hold;
  }

  void clear() {
    deliveries.clear();
    applied.clear();
  }

  List<Delivery> deliveriesOf(String jobId) {
    return deliveries.stream().filter(d -> d.jobId().equals(jobId)).toList();
  }

  private void handle(HttpServerRequest req) {
    String jobId = req.path().substring(req.path().lastIndexOf('/') + 1);
    req.body().onSuccess(body -> {
      JsonObject effect = body.toJsonObject();
      Delivery d = new Delivery(jobId, effect.getLong("attempts"), effect.getLong("pid"), effect.getJsonObject("payload"));
      deliveries.add(d);
      applied.putIfAbsent(jobId, d);
      if (!holding) {
        req.response().setStatusCode(204).end();
      }
    });
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
