package io.redwire.queue;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** PUT/GET/DELETE /api/v1/queues/{queue}/repeat/{name}: repeatable jobs (cron or interval). */
final class RepeatRoutes {

  /** Names stay short enough that the job ids made of them ({@code repeat.<name>.<ms>}) are valid names. */
  static final int MAX_NAME_LENGTH = 100;
  static final long MIN_EVERY_MS = 1000;
  static final long MAX_EVERY_MS = 31_536_000_000L;
  static final int MAX_CRON_LENGTH = 256;
  private static final Set<String> FIELDS = Set.of("cron", "everyMs", "payload");

  private final RepeatService repeats;
  private final java.util.Map<String, String> handlers;

  RepeatRoutes(RepeatService repeats, java.util.Map<String, String> handlers) {
    this.repeats = repeats;
    this.handlers = handlers;
  }

  void mount(ApiRoutes api) {
    api.api("/queues")
        .route(HttpMethod.PUT, "/:queue/repeat/:name", Access.SERVICE, this::put)
        .route(HttpMethod.GET, "/:queue/repeat/:name", Access.SERVICE, this::get)
        .route(HttpMethod.DELETE, "/:queue/repeat/:name", Access.SERVICE, this::delete);
  }

  private void put(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String queue = in.pathName(ctx, "queue");
    String name = name(in, ctx);
    JsonObject spec = new JsonObject();
    boolean cron = body.containsKey("cron");
    if (cron == body.containsKey("everyMs")) {
      in.fail("cron", "give exactly one of cron (5 fields, UTC) and everyMs");
    } else if (cron) {
      String expression = in.string(body, "cron", MAX_CRON_LENGTH, true);
      if (expression != null) {
        try {
          RepeatSchedule.cron(expression, 0);
          spec.put("cron", expression);
        } catch (IllegalArgumentException e) {
          in.fail("cron", "is not a valid 5-field cron expression: " + e.getMessage());
        }
      }
    } else {
      Long everyMs = in.integer(body, "everyMs", MIN_EVERY_MS, MAX_EVERY_MS, null);
      spec.put("everyMs", everyMs);
    }
    if (!body.containsKey("payload")) {
      in.fail("payload", "is required (any JSON value)");
    } else if ("webhooks".equals(handlers.get(queue))) {
      // the target itself is checked before each request (the handler refuses a disallowed one)
      JobPayloads.webhook(in, "payload", body.getValue("payload"));
    } else if ("notifications".equals(handlers.get(queue))) {
      JobPayloads.notification(in, "payload", body.getValue("payload"));
    }
    in.done();
    spec.put("payload", body.getValue("payload"));
    Replies.json(ctx, 200, repeats.put(queue, name, spec));
  }

  private void get(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String name = name(in, ctx);
    in.done();
    Replies.json(ctx, 200, repeats.get(queue, name));
  }

  private void delete(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String name = name(in, ctx);
    in.done();
    Replies.noContent(ctx, repeats.delete(queue, name));
  }

  private static String name(Input in, RoutingContext ctx) {
    String name = in.pathName(ctx, "name");
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      in.fail("name", "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    return name;
  }
}
