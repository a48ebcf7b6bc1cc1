package io.redwire.queue;

import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.PermanentJobFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Payload {@code {"url", "body", "headers"?}}: POSTs {@code body} as JSON to {@code url} with a timeout.
 * 2xx completes the job; 4xx other than 408 and 429 fails it at once; anything else is retried. Each request
 * carries {@code X-Redwire-Timestamp} (ms) and {@code X-Redwire-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>" with REDWIRE_WEBHOOK_SECRET>}, and {@code X-Redwire-Job-Id}.
 */
final class WebhookHandler implements JobHandler {

  static final String TIMESTAMP_HEADER = "X-Redwire-Timestamp";
  static final String SIGNATURE_HEADER = "X-Redwire-Signature";
  static final String JOB_HEADER = "X-Redwire-Job-Id";

  private final WebClient client;
  private final WebhookTargets targets;
  private final byte[] secret;
  private final long timeoutMs;
  private final Clock clock;

  WebhookHandler(WebClient client, WebhookTargets targets, byte[] secret, long timeoutMs, Clock clock) {
    this.client = client;
    this.targets = targets;
    this.secret = secret;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  @Override
  public Future<Void> handle(Job job) {
    JsonObject payload = new JsonObject(job.payloadJson());
    String url = payload.getString("url");
    // again at send time: the host's addresses may have changed since the enqueue
    return targets.refusal(url).compose(refusal -> {
      if (refusal != null) {
        return Future.failedFuture(new PermanentJobFailure("url " + refusal));
      }
      String body = Json.encode(payload.getValue("body"));
      String timestamp = String.valueOf(clock.millis());
      HttpRequest<Buffer> request = client.postAbs(url).timeout(timeoutMs).followRedirects(false)
          .putHeader("Content-Type", "application/json")
          .putHeader(TIMESTAMP_HEADER, timestamp)
          .putHeader(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body))
          .putHeader(JOB_HEADER, job.id());
      JsonObject headers = payload.getJsonObject("headers");
      if (headers != null) {
        headers.forEach(h -> request.putHeader(h.getKey(), String.valueOf(h.getValue())));
      }
      return request.sendBuffer(Buffer.buffer(body)).compose(response -> {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return Future.succeededFuture();
        }
        String error = "webhook answered " + status;
        return Future.failedFuture(status >= 400 && status < 500 && status != 408 && status != 429
            ? new PermanentJobFailure(error) : new IllegalStateException(error));
      });
    });
  }

  static String sign(byte[] secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
