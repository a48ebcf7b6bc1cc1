package io.redwire.queue;

import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.platform.VerticleSpec;
import io.redwire.queue.spi.HandlerContext;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.JobHandlerProvider;
import io.redwire.realtime.Publisher;
import io.redwire.redis.DedicatedRedis;
import io.vertx.core.Future;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job queues on the durable Redis: the HTTP API (enqueue, read, controls, HTTP workers), a
 * {@link QueueWorkerVerticle} per queue bound to a handler ({@code queues.handlers}: a built-in or one of a
 * {@link JobHandlerProvider} on the classpath, see {@link JobHandlers}), each with a dedicated client, and
 * the {@link QueueReaperVerticle}. Long-polling reserves block on a dedicated client
 * of their own. Job events go out through the realtime capability's {@link Publisher}.
 */
public final class QueueCapability implements Capability {

  private static final Logger LOG = LoggerFactory.getLogger(QueueCapability.class);
  /**
   * A worker's most connections (per node). Its scripts go on one pipelined connection
   * ({@link DedicatedRedis#pipelined}); the pool serves its blocking pop and whatever is sent off the event
   * loop. It stays sized for the largest burst of one connection per command (its take, and an ack or fail
   * plus a heartbeat for each running job), because the pool must never run dry: the cluster client of
   * Vert.x 5.0.7 then deadlocks when its slot map expires (each waiting command holds a connection, the slot
   * refresh needs one; fixed in vertx-redis-client 5.0.10). Connections are opened on demand.
   */
  private static int workerConnections(int concurrency) {
    return 2 * concurrency + 2;
  }
  private static final int GENERATED_SECRET_BYTES = 32;

  private final Platform platform;
  private final AppConfig.Queues config;
  private final QueueService jobs;
  private final RepeatService repeats;
  private final Map<String, String> handlers;
  private final WebhookTargets webhooks;
  private final Publisher publisher;
  private final byte[] webhookSecret;
  private final DedicatedRedis reserveClient;
  private final List<WebClient> webClients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final JobHandlers available;
  /** Provided handlers by queue, made at construction (off the event loops: they may read files). */
  private final Map<String, JobHandler> provided = new java.util.LinkedHashMap<>();

  public QueueCapability(Platform platform, Publisher publisher) {
    this.platform = platform;
    this.config = platform.config().queues();
    this.publisher = publisher;
    this.handlers = config.handlerByQueue();
    this.available = JobHandlers.load();
    config.checkHandlers(available.names());
    handlers.forEach((queue, name) -> {
      JobHandlerProvider provider = available.provider(name);
      if (provider != null) {
        provided.put(queue, provide(provider, queue, name));
      }
    });
    QueueEvents events = new QueueEvents(publisher, config.events(), platform.metrics());
    this.jobs = new QueueService(platform.durable()::eval, platform.durable(), new QueueKeys(platform.keySpace()),
        QueueScripts.load(platform.scripts()), config, platform.clock(), events);
    this.repeats = new RepeatService(platform.durable(), new QueueKeys(platform.keySpace()), jobs, platform.clock());
    this.webhooks = new WebhookTargets(platform.vertx(), config.webhookHosts(), config.webhookAllowPrivate());
    if (config.webhookSecret().isEmpty()) {
      byte[] secret = new byte[GENERATED_SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      this.webhookSecret = secret;
      if (handlers.containsValue("webhooks")) {
        LOG.warn("REDWIRE_WEBHOOK_SECRET is not set: webhooks are signed with a random key of this process, "
            + "which receivers cannot verify; set it to a shared secret");
      }
    } else {
      this.webhookSecret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
    }
    this.reserveClient = platform.dedicated("queue-reserve", platform.durable(), config.reserveConnections());
  }

  @Override
  public void routes(ApiRoutes routes) {
    Reservations reservations = new Reservations(jobs, reserveClient, config.blockMs(), platform.clock(),
        platform.vertx());
    new QueueRoutes(jobs, config, handlers, webhooks, reservations).mount(routes);
    new RepeatRoutes(repeats, handlers).mount(routes);
    new BatchAckRoutes(jobs).mount(routes);
    new LimitRoutes(jobs).mount(routes);
  }

  @Override
  public List<VerticleSpec> verticles() {
    List<VerticleSpec> specs = new ArrayList<>();
    handlers.forEach((queue, handler) -> specs.add(new VerticleSpec("queue-worker-" + queue, () -> {
      DedicatedRedis redis = platform.dedicated("queue-worker-" + queue, platform.durable(),
          workerConnections(config.concurrencyOf(queue)));
      return new QueueWorkerVerticle(queue, handler(queue, handler), jobs, redis, config);
    }, 1)));
    specs.add(new VerticleSpec("queue-reaper", () -> new QueueReaperVerticle(jobs, repeats,
        new QueueGauges(platform.metrics(), platform.clock()), platform.durable(),
        config.reapIntervalMs()), 1));
    return specs;
  }

  private JobHandler handler(String queue, String name) {
    return switch (name) {
      case "noop" -> new NoopHandler();
      case "notifications" -> new NotificationsHandler(publisher);
      case "webhooks" -> {
        WebClient client = WebClient.create(platform.vertx(), new WebClientOptions()
            .setConnectTimeout((int) config.webhookTimeoutMs()).setUserAgent("redwire-webhooks"),
            // as many connections per target as jobs may run at once (the default 5 would queue the rest)
            new PoolOptions().setHttp1MaxSize(config.concurrencyOf(queue)));
        webClients.add(client);
        yield new WebhookHandler(client, webhooks, webhookSecret, config.webhookTimeoutMs(), platform.clock());
      }
      default -> provided.get(queue);
    };
  }

  private JobHandler provide(JobHandlerProvider provider, String queue, String name) {
    JobHandler made = provider.create(new HandlerContext(platform.vertx(), queue, name, config.settingsOf(name),
        config.concurrencyOf(queue)));
    if (made == null) {
      throw new IllegalStateException("JobHandlerProvider " + provider.getClass().getName() + " made no handler");
    }
    LOG.info("queue {}: Java handler {} ({})", queue, name, provider.getClass().getName());
    return new ProvidedHandler(name, made);
  }

  @Override
  public Future<Void> close() {
    webClients.forEach(WebClient::close);
    List<Future<Void>> closing = new ArrayList<>();
    provided.values().forEach(h -> closing.add(h.close().onFailure(err ->
        LOG.warn("a job handler did not close cleanly: {}", err.toString()))));
    closing.add(reserveClient.close());
    return Future.join(closing).mapEmpty();
  }
}
