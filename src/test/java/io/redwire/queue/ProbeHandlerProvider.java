package io.redwire.queue;

import io.redwire.queue.spi.HandlerContext;
import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.JobHandlerProvider;
import io.redwire.queue.spi.PermanentJobFailure;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * The suite's Java handler, {@code probe}, found by ServiceLoader through
 * src/test/resources/META-INF/services/io.redwire.queue.spi.JobHandlerProvider (so every app of the suite
 * can bind a queue to it). Its effect is a POST of the job to {@code /effects/<jobId>} of
 * {@code probe.target} (an {@link EffectStore}); a payload {@code {"failUntil": n}} fails attempts before
 * the n-th, {@code {"permanent": true}} fails for good. Settings: {@code target}, {@code timeoutMs}.
 */
public final class ProbeHandlerProvider implements JobHandlerProvider {

  static final String NAME = "probe";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JobHandler create(HandlerContext context) {
    String target = context.setting("target", null);
    if (target == null) {
      throw new IllegalArgumentException("probe needs probe.target=<URL> in REDWIRE_QUEUE_HANDLER_SETTINGS");
    }
    URI uri = URI.create(target);
    HttpClient http = context.vertx().createHttpClient(
        new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()),
        new PoolOptions().setHttp1MaxSize(context.concurrency()));
    return new Probe(http, Long.parseLong(context.setting("timeoutMs", "10000")));
  }

  private record Probe(HttpClient http, long timeoutMs) implements JobHandler {

    @Override
    public Future<Void> handle(Job job) {
      JsonObject payload = (JsonObject) job.payload();
      if (payload.getBoolean("permanent", false)) {
        throw new PermanentJobFailure("probe: refused for good");
      }
      int failUntil = payload.getInteger("failUntil", 0);
      if (job.attempts() < failUntil) {
        return Future.failedFuture("probe: attempt " + job.attempts() + " fails (failUntil " + failUntil + ")");
      }
      JsonObject effect = new JsonObject().put("queue", job.queue()).put("attempts", job.attempts())
          .put("pid", ProcessHandle.current().pid()).put("payload", payload);
      return http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/effects/" + job.id())
              .setIdleTimeout(timeoutMs))
          .compose(req -> req.send(effect.toBuffer()))
          .compose(resp -> resp.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
              : Future.failedFuture("probe: the effect store answered " + resp.statusCode()));
    }

    @Override
    public Future<Void> close() {
      return http.close();
    }
  }
}
