package io.redwire.counter;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** POST /api/v1/counters/{name}/incr and GET /api/v1/counters/{name}[?windowSeconds=]. */
final class CounterRoutes {

  /** A window of up to 30 days. */
  static final long MAX_WINDOW_SECONDS = 2_592_000;
  private static final Set<String> INCR_FIELDS = Set.of("by", "windowSeconds");

  private final CounterService counters;

  CounterRoutes(CounterService counters) {
    this.counters = counters;
  }

  void mount(ApiRoutes api) {
    api.api("/counters")
        .route(HttpMethod.POST, "/:name/incr", Access.SERVICE, this::incr)
        .route(HttpMethod.GET, "/:name", Access.SERVICE, this::get);
  }

  private void incr(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, INCR_FIELDS);
    String name = in.pathName(ctx, "name");
    Long by = in.integer(body, "by", Long.MIN_VALUE, Long.MAX_VALUE, 1L);
    Object window = body.getValue("windowSeconds");
    Long windowSeconds = window == null ? null : in.integerValue("windowSeconds", window, 1, MAX_WINDOW_SECONDS);
    in.done();
    Future<CounterService.Count> result = window == null
        ? counters.incr(name, by)
        : counters.incr(name, by, windowSeconds);
    Replies.json(ctx, 200, result.map(CounterRoutes::toJson));
  }

  private void get(RoutingContext ctx) {
    Input in = Input.check();
    String name = in.pathName(ctx, "name");
    long windowSeconds = in.queryLong(ctx, "windowSeconds", 1, MAX_WINDOW_SECONDS, 0);
    in.done();
    Future<CounterService.Count> result = windowSeconds == 0
        ? counters.get(name)
        : counters.get(name, windowSeconds);
    Replies.json(ctx, 200, result.map(CounterRoutes::toJson));
  }

  private static JsonObject toJson(CounterService.Count c) {
    JsonObject json = new JsonObject().put("name", c.name()).put("value", c.value());
    if (c.resetsInMs() >= 0) {
      json.put("resetsInSeconds", Replies.secondsRoundedUp(c.resetsInMs()));
    }
    return json;
  }
}
