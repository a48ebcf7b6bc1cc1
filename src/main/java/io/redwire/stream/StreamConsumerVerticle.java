package io.redwire.stream;

import io.redwire.config.AppConfig;
import io.redwire.redis.Backoff;
import io.redwire.redis.DedicatedRedis;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders' consumer in group {@code billing}: XREADGROUP COUNT n BLOCK on a dedicated connection of its
 * own (the event loop is never blocked: the client is asynchronous), first its own pending backlog (from
 * id 0, after a restart or an outage), then new entries ({@code >}). Creates the group at start (from the
 * stream's beginning, MKSTREAM; BUSYGROUP is fine) and again when Redis lost it. Runs the
 * {@link BillingClaimer} and the {@link GroupGauges} on a timer. Closing its client at stop aborts a
 * blocked read at once.
 */
final class StreamConsumerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StreamConsumerVerticle.class);
  private static final String BACKLOG = "0";
  private static final String NEW = ">";

  private final Supplier<DedicatedRedis> clients;
  private final StreamService streams;
  private final OrderBilling billing;
  private final BillingClaimer claimer;
  private final GroupGauges gauges;
  private final AppConfig.Streams config;
  private final Backoff backoff;
  private final String consumer;
  private final String streamKey;
  private DedicatedRedis client;
  private volatile boolean stopped;
  private long claimTimer = -1;
  private int failures;

  StreamConsumerVerticle(Supplier<DedicatedRedis> clients, StreamService streams, OrderBilling billing,
      BillingClaimer claimer, GroupGauges gauges, AppConfig.Streams config, Backoff backoff, String consumer,
      String streamKey) {
    this.clients = clients;
    this.streams = streams;
    this.billing = billing;
    this.claimer = claimer;
    this.gauges = gauges;
    this.config = config;
    this.backoff = backoff;
    this.consumer = consumer;
    this.streamKey = streamKey;
  }

  @Override
  public Future<?> start() {
    client = clients.get();
    return ensureGroup().onSuccess(v -> {
      LOG.info("stream consumer {} reads {} as group {}", consumer, StreamKeys.ORDERS, OrderBilling.GROUP);
      claimTimer = vertx.setPeriodic(config.claimIntervalMs(), id -> {
        claimer.tick();
        gauges.tick();
      });
      read(BACKLOG);
    });
  }

  private Future<Boolean> ensureGroup() {
    return streams.createGroup(StreamKeys.ORDERS, OrderBilling.GROUP, "0");
  }

  /** One read, its processing, then the next; {@code cursor} is an id of the backlog or {@code >}. */
  private void read(String cursor) {
    if (stopped) {
      return;
    }
    Request req = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(OrderBilling.GROUP).arg(consumer)
        .arg("COUNT").arg(String.valueOf(config.consumerBatch()));
    boolean blocking = cursor.equals(NEW);
    if (blocking) {
      req.arg("BLOCK").arg(String.valueOf(config.blockMs()));
    }
    req.arg("STREAMS").arg(streamKey).arg(cursor);
    Future<io.vertx.redis.client.Response> reply = blocking ? client.blocking(req, config.blockMs()) : client.send(req);
    reply.map(StreamEntry::ofRead)
        .compose(entries -> billing.process(entries).map(entries))
        .onSuccess(entries -> {
          failures = 0;
          // the backlog is read page by page until it is empty, then new entries
          read(blocking || entries.isEmpty() ? NEW : entries.get(entries.size() - 1).id());
        })
        .onFailure(this::recover);
  }

  private void recover(Throwable err) {
    if (stopped) {
      return;
    }
    long delay = backoff.delayMs(++failures);
    LOG.warn("stream consumer {}: {}; reading again in {} ms", consumer, err.toString(), delay);
    vertx.setTimer(delay, id -> {
      if (StreamService.noGroup(err)) {
        ensureGroup().onComplete(done -> read(BACKLOG));
      } else {
        // after an outage, entries delivered before it may still be ours
        read(BACKLOG);
      }
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (claimTimer >= 0) {
      vertx.cancelTimer(claimTimer);
    }
    return client == null ? Future.succeededFuture() : client.close();
  }
}
