package io.redwire.stream;

import io.redwire.config.AppConfig;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Orders: appended to the orders stream once per orderId, and billed once per orderId into the user's
 * profile ({@code orders} + 1, {@code spent} + amount, in integer cents).
 */
public final class OrderService {

  /** An order as the stream holds it. */
  public record Order(String orderId, String userId, long amountCents, String currency) {}

  /** The entry id of an order; {@code created} is false when the orderId had been posted before. */
  public record Appended(String eventId, boolean created) {}

  /** What billing one entry did: billed now, already billed before, or refused (with why). */
  public record Billing(String outcome, String detail) {
    boolean settled() {
      return outcome.equals("billed") || outcome.equals("duplicate");
    }
  }

  static final String ORDER_ID = "orderId";
  static final String USER_ID = "userId";
  static final String AMOUNT_CENTS = "amountCents";
  static final String CURRENCY = "currency";
  private static final Pattern WHOLE_CENTS = Pattern.compile("[1-9][0-9]{0,17}");

  private final SharedRedis redis;
  private final StreamKeys keys;
  private final StreamMetrics metrics;
  private final LuaScript append;
  private final LuaScript bill;
  // the same on every call: built once (this runs for every order, twice)
  private final String ordersStream;
  private final String retentionMs;
  private final String ordersMaxLen;

  OrderService(SharedRedis redis, StreamKeys keys, LuaScripts scripts, AppConfig.Streams config, StreamMetrics metrics) {
    this.redis = redis;
    this.keys = keys;
    this.metrics = metrics;
    this.append = scripts.get("stream/order_append");
    this.bill = scripts.get("stream/bill");
    this.ordersStream = keys.stream(StreamKeys.ORDERS);
    this.retentionMs = String.valueOf(config.idempotencyRetentionSeconds() * 1000);
    this.ordersMaxLen = String.valueOf(config.ordersMaxLen());
  }

  public Future<Appended> append(Order order) {
    List<String> args = List.of(retentionMs, ordersMaxLen, ORDER_ID, order.orderId(), USER_ID, order.userId(),
        AMOUNT_CENTS, String.valueOf(order.amountCents()), CURRENCY, order.currency());
    return redis.eval(append, List.of(ordersStream, keys.orderMarker(order.orderId())), args)
        .map(r -> {
          boolean created = r.get(0).toLong() == 1;
          if (created) {
            metrics.appended(StreamKeys.ORDERS);
          }
          return new Appended(r.get(1).toString(), created);
        });
  }

  /**
   * Applies an orders entry's effect once per orderId. An entry that is not an order (missing or bad
   * fields) is refused: it stays pending and, delivered too often, ends in the dead letters.
   */
  Future<Billing> bill(StreamEntry entry) {
    String orderId = entry.fields().get(ORDER_ID);
    String userId = entry.fields().get(USER_ID);
    String cents = entry.fields().get(AMOUNT_CENTS);
    if (orderId == null || userId == null || cents == null || !WHOLE_CENTS.matcher(cents).matches()) {
      return Future.succeededFuture(new Billing("refused", "not an order: needs orderId, userId and amountCents "
          + "(a positive whole number), got " + entry.fields().keySet()));
    }
    return redis.eval(bill, List.of(keys.profile(userId), keys.billed(userId, orderId)),
            List.of(cents, retentionMs, entry.id()))
        .map(r -> new Billing(r.get(0).toString(), r.get(1).toString()));
  }
}
