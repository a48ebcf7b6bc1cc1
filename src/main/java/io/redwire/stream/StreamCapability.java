package io.redwire.stream;

import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.platform.VerticleSpec;
import io.redwire.redis.Backoff;
import io.redwire.redis.DedicatedRedis;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * Event streams on the durable endpoint: orders (POST /api/v1/orders, billed once per orderId by the
 * {@link StreamConsumerVerticle}'s group {@code billing}) and any other stream over HTTP, with consumer
 * groups and dead letters.
 */
public final class StreamCapability implements Capability {

  /** Connections of the consumer's own client: its one XREADGROUP BLOCK at a time. */
  private static final int CONSUMER_CONNECTIONS = 1;

  private final Platform platform;
  private final AppConfig.Streams config;
  private final StreamKeys keys;
  private final StreamMetrics metrics;
  private final DedicatedRedis reads;
  private final StreamService streams;
  private final OrderService orders;
  private final String consumer;

  public StreamCapability(Platform platform) {
    this.platform = platform;
    this.config = platform.config().streams();
    this.keys = new StreamKeys(platform.keySpace());
    this.metrics = new StreamMetrics(platform.metrics());
    this.reads = platform.dedicated("stream-reads", platform.durable(), config.readConnections());
    this.streams = new StreamService(platform.durable(), reads, config.readConnections(), keys, platform.scripts(),
        metrics, config.deadLetterMaxLen(), config.gaugeGroupsMax());
    this.orders = new OrderService(platform.durable(), keys, platform.scripts(), config, metrics);
    // the pod name on Kubernetes, so XINFO names the pod; a fresh id for each process otherwise
    this.consumer = config.consumerName().isEmpty()
        ? "redwire-" + UUID.randomUUID().toString().substring(0, 8)
        : config.consumerName();
  }

  @Override
  public void routes(ApiRoutes routes) {
    new OrderRoutes(orders, config).mount(routes);
    new StreamRoutes(streams, config).mount(routes);
  }

  @Override
  public List<VerticleSpec> verticles() {
    return List.of(new VerticleSpec("stream-consumer", () -> {
      OrderBilling billing = new OrderBilling(orders, streams, metrics, config.idempotencyRetentionSeconds() * 1000);
      BillingClaimer claimer = new BillingClaimer(platform.durable(), streams, billing, metrics, config, consumer, keys,
          platform.scripts());
      AppConfig.Redis redis = platform.config().redis();
      return new StreamConsumerVerticle(
          () -> platform.dedicated("stream-consumer", platform.durable(), CONSUMER_CONNECTIONS),
          streams, billing, claimer, new GroupGauges(streams, metrics, config.gaugeGroupsMax()), config,
          new Backoff(redis.reconnectMinMs(), redis.reconnectMaxMs()), consumer, keys.stream(StreamKeys.ORDERS));
    }, 1));
  }

  @Override
  public Future<Void> close() {
    return reads.close();
  }
}
