package io.redwire.stream;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes orders entries for group {@code billing}: the effect of each (once per orderId, by
 * {@link OrderService#bill}), then XACK of those whose effect is stored. An entry that fails keeps its
 * error for its dead letter and stays pending, to be claimed and tried again. The XACK is not waited
 * for, so the consumer's next read overlaps it: an ack that is lost leaves its entries pending, to be
 * claimed and found billed already.
 */
final class OrderBilling {

  static final String GROUP = "billing";
  private static final Logger LOG = LoggerFactory.getLogger(OrderBilling.class);

  private final OrderService orders;
  private final StreamService streams;
  private final StreamMetrics metrics;
  private final long errorRetentionMs;

  OrderBilling(OrderService orders, StreamService streams, StreamMetrics metrics, long errorRetentionMs) {
    this.orders = orders;
    this.streams = streams;
    this.metrics = metrics;
    this.errorRetentionMs = errorRetentionMs;
  }

  /** Succeeds once every entry was either billed (its XACK sent) or left pending with its error recorded. */
  Future<Void> process(List<StreamEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<String>> settled = new ArrayList<>();
    for (StreamEntry e : entries) {
      settled.add(orders.bill(e).compose(b -> b.settled()
          ? Future.succeededFuture(e.id())
          : failed(e, b.outcome() + ": " + b.detail()), err -> failed(e, String.valueOf(err.getMessage()))));
    }
    return Future.join(settled).transform(ignored -> {
      List<String> acks = new ArrayList<>();
      for (Future<String> f : settled) {
        if (f.succeeded() && f.result() != null) {
          acks.add(f.result());
        }
      }
      if (acks.isEmpty()) {
        return Future.succeededFuture();
      }
      streams.ackEntries(StreamKeys.ORDERS, GROUP, acks)
          .onSuccess(n -> metrics.processed(StreamKeys.ORDERS, GROUP, acks.size()))
          .onFailure(err -> LOG.warn("{} billed order entries not acked: {}", acks.size(), err.toString()));
      return Future.<Void>succeededFuture();
    });
  }

  private Future<String> failed(StreamEntry e, String error) {
    LOG.warn("order entry {} not billed: {}", e.id(), error);
    return streams.recordError(StreamKeys.ORDERS, GROUP, e.id(), error, errorRetentionMs)
        .map((String) null).otherwise((String) null);
  }
}
