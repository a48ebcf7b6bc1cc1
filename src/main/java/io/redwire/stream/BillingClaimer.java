package io.redwire.stream;

import io.redwire.config.AppConfig;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work on group {@code billing}, on one replica at a time (a SET NX PX lock, released by
 * compare-and-delete): entries delivered {@code maxDeliveries} times and idle past claimIdleMs go to the
 * dead letters (with their last error, acked); other entries idle that long (their consumer died or is
 * stuck) are claimed with XAUTOCLAIM and billed here; consumers with nothing pending and idle past
 * consumerRemoveIdleMs (pods that are gone) are removed.
 */
final class BillingClaimer {

  private static final Logger LOG = LoggerFactory.getLogger(BillingClaimer.class);
  /** The lock outlives a round by this many claim intervals, so a slow round is not run twice at once. */
  private static final int LOCK_INTERVALS = 3;

  private final SharedRedis redis;
  private final StreamService streams;
  private final OrderBilling billing;
  private final StreamMetrics metrics;
  private final AppConfig.Streams config;
  private final String consumer;
  private final String lockKey;
  private final LuaScript release;
  private final String token = UUID.randomUUID().toString();
  private boolean running;

  BillingClaimer(SharedRedis redis, StreamService streams, OrderBilling billing, StreamMetrics metrics,
      AppConfig.Streams config, String consumer, StreamKeys keys, LuaScripts scripts) {
    this.redis = redis;
    this.streams = streams;
    this.billing = billing;
    this.metrics = metrics;
    this.config = config;
    this.consumer = consumer;
    this.lockKey = keys.claimerLock(StreamKeys.ORDERS, OrderBilling.GROUP);
    this.release = scripts.get("stream/lock_release");
  }

  /** One round; skipped while the previous one runs. Called on the consumer verticle's event loop. */
  void tick() {
    if (running) {
      return;
    }
    running = true;
    long lockTtl = LOCK_INTERVALS * config.claimIntervalMs();
    redis.send(Request.cmd(Command.SET).arg(lockKey).arg(token).arg("NX").arg("PX").arg(String.valueOf(lockTtl)))
        .compose(r -> r == null ? Future.succeededFuture() : underLock())
        .onFailure(err -> LOG.warn("stream claimer: {}", err.toString()))
        .onComplete(done -> running = false);
  }

  private Future<Void> underLock() {
    return deadLetter().compose(v -> claim()).compose(v -> removeDeparted())
        .eventually(() -> redis.eval(release, List.of(lockKey), List.of(token)));
  }

  private Future<Void> deadLetter() {
    return streams.pending(StreamKeys.ORDERS, OrderBilling.GROUP, config.claimIdleMs(), config.consumerBatch())
        .compose(pending -> {
          List<Future<String>> moves = new ArrayList<>();
          for (StreamService.Pending p : pending) {
            if (p.deliveries() >= config.maxDeliveries()) {
              LOG.warn("order entry {} delivered {} times: moved to the dead letters", p.id(), p.deliveries());
              moves.add(streams.moveToDeadLetters(StreamKeys.ORDERS, OrderBilling.GROUP, p,
                  "delivered " + p.deliveries() + " times without being billed"));
            }
          }
          return Future.all(moves).mapEmpty();
        });
  }

  private Future<Void> claim() {
    return streams.claim(StreamKeys.ORDERS, OrderBilling.GROUP, consumer, config.claimIdleMs(),
            config.consumerBatch(), "0-0")
        .compose(claimed -> {
          if (!claimed.entries().isEmpty()) {
            metrics.claimed(StreamKeys.ORDERS, OrderBilling.GROUP, claimed.entries().size());
            LOG.info("claimed {} idle order entries as {}", claimed.entries().size(), consumer);
          }
          return billing.process(claimed.entries());
        });
  }

  private Future<Void> removeDeparted() {
    return billingGroup().compose(g -> {
      List<Future<Boolean>> removals = new ArrayList<>();
      for (StreamService.Consumer c : g == null ? List.<StreamService.Consumer>of() : g.consumers()) {
        if (c.pending() == 0 && c.idleMs() > config.consumerRemoveIdleMs() && !c.name().equals(consumer)) {
          removals.add(streams.removeConsumer(StreamKeys.ORDERS, OrderBilling.GROUP, c.name(),
              config.consumerRemoveIdleMs()).onSuccess(removed -> {
                if (removed) {
                  LOG.info("removed departed consumer {} from group {} (idle {} ms, nothing pending)", c.name(),
                      OrderBilling.GROUP, c.idleMs());
                }
              }));
        }
      }
      return Future.all(removals).mapEmpty();
    });
  }

  private Future<StreamService.Group> billingGroup() {
    return streams.describe(StreamKeys.ORDERS).map(d -> d.groups().stream()
        .filter(g -> g.name().equals(OrderBilling.GROUP)).findFirst().orElse(null));
  }
}
