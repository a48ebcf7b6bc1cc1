package io.redwire.stream;

import io.redwire.auth.Access;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** POST /api/v1/orders: 202 with the new entry's id, or 200 with the first one for an orderId posted before. */
final class OrderRoutes {

  private static final Set<String> FIELDS = Set.of("orderId", "userId", "amount", "currency");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final OrderService orders;
  private final AppConfig.Streams config;

  OrderRoutes(OrderService orders, AppConfig.Streams config) {
    this.orders = orders;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.api("/orders").route(HttpMethod.POST, "", Access.SERVICE, this::post);
  }

  private void post(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String orderId = in.name("orderId", in.string(body, "orderId", 128, true));
    String userId = in.name("userId", in.string(body, "userId", 128, true));
    long cents = 0;
    Object amount = body.getValue("amount");
    if (amount == null) {
      in.fail("amount", "is required");
    } else {
      cents = Cents.parse(amount);
      if (cents <= 0 || cents > config.maxOrderAmountCents()) {
        in.fail("amount", "must be a positive decimal with at most 2 places, at most "
            + Cents.format(config.maxOrderAmountCents()));
      }
    }
    String currency = in.string(body, "currency", 3, false);
    if (currency != null && !CURRENCY.matcher(currency).matches()) {
      in.fail("currency", "must be an ISO 4217 code of three capital letters");
    }
    in.done();
    OrderService.Order order = new OrderService.Order(orderId, userId, cents,
        currency == null ? config.defaultCurrency() : currency);
    orders.append(order).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Replies.json(ctx, ar.result().created() ? 202 : 200,
          new JsonObject().put("eventId", ar.result().eventId()));
    });
  }
}
