package io.redwire.visitor;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.Set;

/**
 * POST /api/v1/visits, GET /api/v1/visitors/{day}, /visitors/unique, /visitors/returning, /visitors/new.
 */
final class VisitorRoutes {

  /** Member lists are capped so one request cannot pull a whole day's set through the server. */
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> VISIT_FIELDS = Set.of("visitor", "day");
  /** Longest text accepted where a day is expected (yyyy-MM-dd is 10); anything longer is not echoed back. */
  private static final int DAY_TEXT_MAX = 10;

  private final VisitorService visitors;

  VisitorRoutes(VisitorService visitors) {
    this.visitors = visitors;
  }

  void mount(ApiRoutes api) {
    api.api("/visits").route(HttpMethod.POST, "", Access.SERVICE, this::visit);
    // The fixed paths come before /:day: Vert.x matches routes in registration order.
    api.api("/visitors")
        .route(HttpMethod.GET, "/unique", Access.SERVICE, this::unique)
        .route(HttpMethod.GET, "/returning", Access.SERVICE, this::returning)
        .route(HttpMethod.GET, "/new", Access.SERVICE, this::newVisitors)
        .route(HttpMethod.GET, "/:day", Access.SERVICE, this::count);
  }

  private void visit(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, VISIT_FIELDS);
    Object rawVisitor = body.getValue("visitor");
    String visitor = null;
    if (rawVisitor == null) {
      in.fail("visitor", "is required");
    } else if (rawVisitor instanceof String s) {
      visitor = in.name("visitor", s);
    } else {
      in.fail("visitor", "must be a string");
    }
    Object rawDay = body.getValue("day");
    LocalDate day = visitors.today();
    if (rawDay instanceof String s) {
      day = day(in, "day", s);
    } else if (rawDay != null) {
      in.fail("day", "must be a calendar day (yyyy-MM-dd)");
    }
    in.done();
    Replies.noContent(ctx, visitors.record(visitor, day));
  }

  private void count(RoutingContext ctx) {
    Input in = Input.check();
    LocalDate day = day(in, "day", ctx.pathParam("day"));
    boolean approximate = in.queryBool(ctx, "approximate", false);
    in.done();
    JsonObject reply = new JsonObject().put("day", day.toString());
    if (approximate) {
      Replies.json(ctx, 200, visitors.approximateCount(day)
          .map(n -> reply.put("count", n).put("approximate", true)));
    } else {
      Replies.json(ctx, 200, visitors.count(day).map(n -> reply.put("count", n)));
    }
  }

  private void unique(RoutingContext ctx) {
    Input in = Input.check();
    LocalDate[] range = range(ctx, in);
    in.done();
    JsonObject reply = new JsonObject().put("from", range[0].toString()).put("to", range[1].toString());
    Replies.json(ctx, 200, visitors.approximateUnique(range[0], range[1])
        .map(n -> reply.put("count", n).put("approximate", true)));
  }

  private void returning(RoutingContext ctx) {
    Input in = Input.check();
    LocalDate[] range = range(ctx, in);
    int limit = (int) in.queryLong(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    in.done();
    Replies.json(ctx, 200, visitors.returning(range[0], range[1], limit)
        .map(m -> toJson(m).put("from", range[0].toString()).put("to", range[1].toString())));
  }

  private void newVisitors(RoutingContext ctx) {
    Input in = Input.check();
    LocalDate day = queryDay(ctx, in, "day", true);
    LocalDate previous = queryDay(ctx, in, "previous", false);
    int limit = (int) in.queryLong(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    if (day != null && previous == null && ctx.queryParams().get("previous") == null) {
      previous = day.minusDays(1);
    }
    if (day != null && previous != null && !previous.isBefore(day)) {
      in.fail("previous", "must be a day before day");
    }
    in.done();
    LocalDate before = previous;
    Replies.json(ctx, 200, visitors.newVisitors(day, before, limit)
        .map(m -> toJson(m).put("day", day.toString()).put("previous", before.toString())));
  }

  /** from and to (both required, from <= to), spanning at most the retention period. */
  private LocalDate[] range(RoutingContext ctx, Input in) {
    LocalDate from = queryDay(ctx, in, "from", true);
    LocalDate to = queryDay(ctx, in, "to", true);
    if (from != null && to != null) {
      if (from.isAfter(to)) {
        in.fail("from", "must not be after to");
      } else if (Days.span(from, to) > visitors.retentionDays()) {
        in.fail("to", "the range may span at most " + visitors.retentionDays() + " days (the retention period)");
      }
    }
    return new LocalDate[] {from, to};
  }

  private static LocalDate queryDay(RoutingContext ctx, Input in, String param, boolean required) {
    String raw = ctx.queryParams().get(param);
    if (raw == null) {
      if (required) {
        in.fail(param, "is required (yyyy-MM-dd)");
      }
      return null;
    }
    return day(in, param, raw);
  }

  private static LocalDate day(Input in, String field, String raw) {
    LocalDate day = Days.parse(raw);
    if (day == null) {
      in.fail(field, raw != null && raw.length() <= DAY_TEXT_MAX
          ? "'" + raw + "' is not a calendar day (yyyy-MM-dd)"
          : "must be a calendar day (yyyy-MM-dd)");
    }
    return day;
  }

  private static JsonObject toJson(VisitorService.Members m) {
    return new JsonObject().put("count", m.count()).put("visitors", new JsonArray(m.visitors()));
  }
}
