package io.redwire.queue;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * GET/PUT/DELETE /api/v1/queues/{queue}/limits: the queue's rate limit and its groups' concurrency and rate
 * limits, across all replicas. PUT replaces the configured limits until DELETE brings them back.
 */
final class LimitRoutes {

  static final long MAX_RATE = 1_000_000;
  static final long MIN_WINDOW_MS = 1000;
  static final long MAX_WINDOW_MS = 86_400_000L;
  static final long DEFAULT_WINDOW_MS = 1000;
  static final long MAX_GROUP_CONCURRENCY = 10_000;
  private static final Set<String> FIELDS = Set.of("rate", "groupConcurrency", "groupRate");
  private static final Set<String> RATE_FIELDS = Set.of("max", "windowMs");

  private final QueueService jobs;

  LimitRoutes(QueueService jobs) {
    this.jobs = jobs;
  }

  void mount(ApiRoutes api) {
    api.api("/queues")
        .route(HttpMethod.GET, "/:queue/limits", Access.SERVICE, this::get)
        .route(HttpMethod.PUT, "/:queue/limits", Access.SERVICE, this::put)
        .route(HttpMethod.DELETE, "/:queue/limits", Access.SERVICE, this::delete);
  }

  private void get(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    in.done();
    Replies.json(ctx, 200, jobs.limits(queue).map(l -> toJson(queue, l)));
  }

  private void put(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String queue = in.pathName(ctx, "queue");
    long[] rate = rate(in, body, "rate");
    Long groupConcurrency = body.getValue("groupConcurrency") == null ? Long.valueOf(0)
        : in.integerValue("groupConcurrency", body.getValue("groupConcurrency"), 1, MAX_GROUP_CONCURRENCY);
    long[] groupRate = rate(in, body, "groupRate");
    in.done();
    QueueLimits limits = new QueueLimits(rate[0], rate[1], groupConcurrency, groupRate[0], groupRate[1], true);
    Replies.json(ctx, 200, jobs.setLimits(queue, limits).map(v -> toJson(queue, limits)));
  }

  private void delete(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    in.done();
    Replies.noContent(ctx, jobs.setLimits(queue, null));
  }

  /** {max, windowMs} of a rate field; {0, 0} when absent or null (no limit). */
  private static long[] rate(Input in, JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return new long[] {0, 0};
    }
    if (!(value instanceof JsonObject rate)) {
      in.fail(field, "must be {\"max\", \"windowMs\"?} or null");
      return new long[] {0, 0};
    }
    for (String name : rate.fieldNames()) {
      if (!RATE_FIELDS.contains(name)) {
        in.fail(field + "." + name, "is not a known field");
      }
    }
    Long max = null;
    if (rate.getValue("max") == null) {
      in.fail(field + ".max", "is required (jobs per window)");
    } else {
      max = in.integerValue(field + ".max", rate.getValue("max"), 1, MAX_RATE);
    }
    Long windowMs = rate.getValue("windowMs") == null ? Long.valueOf(DEFAULT_WINDOW_MS)
        : in.integerValue(field + ".windowMs", rate.getValue("windowMs"), MIN_WINDOW_MS, MAX_WINDOW_MS);
    return new long[] {max == null ? 0 : max, windowMs == null ? 0 : windowMs};
  }

  static JsonObject toJson(String queue, QueueLimits l) {
    return new JsonObject().put("queue", queue).put("source", l.fromApi() ? "api" : "config")
        .put("rate", rate(l.rateMax(), l.rateWindowMs()))
        .put("groupConcurrency", l.groupConcurrency() == 0 ? null : l.groupConcurrency())
        .put("groupRate", rate(l.groupRateMax(), l.groupRateWindowMs()));
  }

  private static JsonObject rate(long max, long windowMs) {
    return max == 0 ? null : new JsonObject().put("max", max).put("windowMs", windowMs);
  }
}
