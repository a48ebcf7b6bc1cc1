package io.redwire.queue;

import io.redwire.auth.Access;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /api/v1/queues/{queue}...: enqueue, read, controls, and the HTTP-worker protocol (reserve, ack, ...). */
final class QueueRoutes {

  static final int MAX_BATCH = 1000;
  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final long DEFAULT_BACKOFF_MS = 1000;
  static final int MAX_ATTEMPTS = 1000;
  static final long MAX_DELAY_MS = 31_536_000_000L;
  static final long MAX_BACKOFF_MS = 86_400_000L;
  static final int MAX_PRIORITY = 1000;
  static final int MAX_LIST = 1000;
  static final int DEFAULT_LIST = 100;
  static final int MAX_RESERVE = 1000;
  static final long MAX_WAIT_MS = 60_000;
  static final int MAX_ERROR_LENGTH = 4096;
  static final int MAX_LEASE_LENGTH = 64;
  private static final Set<String> JOB_FIELDS = Set.of("payload", "delayMs", "maxAttempts", "backoffMs", "priority",
      "jobId", "group");
  private static final Set<String> RESERVE_FIELDS = Set.of("max", "waitMs", "leaseMs");

  private final QueueService jobs;
  private final AppConfig.Queues config;
  private final Map<String, String> handlers;
  private final WebhookTargets webhooks;
  private final Reservations reservations;

  QueueRoutes(QueueService jobs, AppConfig.Queues config, Map<String, String> handlers, WebhookTargets webhooks,
      Reservations reservations) {
    this.jobs = jobs;
    this.config = config;
    this.handlers = handlers;
    this.webhooks = webhooks;
    this.reservations = reservations;
  }

  void mount(ApiRoutes api) {
    api.api("/queues")
        .route(HttpMethod.GET, "/:queue", Access.SERVICE, this::counts)
        .route(HttpMethod.POST, "/:queue/jobs", Access.SERVICE, this::enqueue)
        .route(HttpMethod.GET, "/:queue/jobs", Access.SERVICE, ctx -> list(ctx, null))
        .route(HttpMethod.GET, "/:queue/jobs/:jobId", Access.SERVICE, this::job)
        .route(HttpMethod.DELETE, "/:queue/jobs/:jobId", Access.SERVICE, this::delete)
        .route(HttpMethod.GET, "/:queue/failed", Access.SERVICE, ctx -> list(ctx, "failed"))
        .route(HttpMethod.POST, "/:queue/failed/retry", Access.SERVICE, this::retryAll)
        .route(HttpMethod.POST, "/:queue/failed/:jobId/retry", Access.SERVICE, this::retryOne)
        .route(HttpMethod.POST, "/:queue/pause", Access.SERVICE, ctx -> pause(ctx, true))
        .route(HttpMethod.POST, "/:queue/resume", Access.SERVICE, ctx -> pause(ctx, false))
        .route(HttpMethod.POST, "/:queue/reserve", Access.SERVICE, this::reserve)
        .route(HttpMethod.POST, "/:queue/jobs/:jobId/ack", Access.SERVICE, this::ack)
        .route(HttpMethod.POST, "/:queue/jobs/:jobId/fail", Access.SERVICE, this::fail)
        .route(HttpMethod.POST, "/:queue/jobs/:jobId/heartbeat", Access.SERVICE, ctx -> heartbeat(ctx, false))
        .route(HttpMethod.POST, "/:queue/jobs/:jobId/progress", Access.SERVICE, ctx -> heartbeat(ctx, true));
  }

  private void enqueue(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String handler = queue == null ? null : handlers.get(queue);
    boolean batch = body.containsKey("jobs");
    List<QueueService.NewJob> parsed = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    if (batch) {
      in.onlyFields(body, Set.of("jobs"));
      Object list = body.getValue("jobs");
      if (!(list instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BATCH) {
        in.fail("jobs", "must be an array of 1-" + MAX_BATCH + " job objects");
      } else {
        for (int i = 0; i < array.size(); i++) {
          Object item = array.getValue(i);
          if (item instanceof JsonObject job) {
            parsed.add(parseJob(in, "jobs[" + i + "].", job, handler, urls));
          } else {
            in.fail("jobs[" + i + "]", "must be a job object");
          }
        }
      }
    } else {
      parsed.add(parseJob(in, "", body, handler, urls));
    }
    in.done();
    Future<Void> targetsChecked = checkWebhooks(urls, batch);
    Future<JsonObject> reply = targetsChecked.compose(v -> jobs.enqueue(queue, parsed)).compose(enqueued -> {
      if (batch) {
        JsonArray ids = new JsonArray();
        enqueued.forEach(e -> ids.add(e.id()));
        return Future.succeededFuture(new JsonObject().put("jobIds", ids));
      }
      QueueService.Enqueued one = enqueued.get(0);
      if (one.created()) {
        return Future.succeededFuture(new JsonObject().put("jobId", one.id()).put("state", one.state()));
      }
      return jobs.job(queue, one.id()).map(job -> toJson(job).put("existing", true));
    });
    reply.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Replies.json(ctx, ar.result().getBoolean("existing", false) ? 200 : 202, without(ar.result(), "existing"));
      }
    });
  }

  private static JsonObject without(JsonObject json, String field) {
    json.remove(field);
    return json;
  }

  /** Every webhook URL of the request must pass before anything is enqueued (all or none). */
  private Future<Void> checkWebhooks(List<String> urls, boolean batch) {
    List<Future<String>> checks = urls.stream().map(webhooks::refusal).toList();
    return Future.all(checks).map(v -> {
      List<ProblemException.FieldError> errors = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        String refusal = checks.get(i).result();
        if (refusal != null) {
          errors.add(new ProblemException.FieldError((batch ? "jobs[" + i + "]." : "") + "payload.url", refusal));
        }
      }
      if (!errors.isEmpty()) {
        throw ProblemException.badRequest(errors);
      }
      return null;
    });
  }

  private QueueService.NewJob parseJob(Input in, String prefix, JsonObject job, String handler, List<String> urls) {
    for (String field : job.fieldNames()) {
      if (!JOB_FIELDS.contains(field)) {
        in.fail(prefix + field, "is not a known field");
      }
    }
    if (!job.containsKey("payload")) {
      in.fail(prefix + "payload", "is required (any JSON value)");
    }
    Object payload = job.getValue("payload");
    if ("webhooks".equals(handler) && job.containsKey("payload")) {
      String url = JobPayloads.webhook(in, prefix + "payload", payload);
      if (url != null) {
        urls.add(url);
      }
    } else if ("notifications".equals(handler) && job.containsKey("payload")) {
      JobPayloads.notification(in, prefix + "payload", payload);
    }
    long delayMs = number(in, job, prefix, "delayMs", 0, MAX_DELAY_MS, 0);
    long maxAttempts = number(in, job, prefix, "maxAttempts", 1, MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS);
    long backoffMs = number(in, job, prefix, "backoffMs", 0, MAX_BACKOFF_MS, DEFAULT_BACKOFF_MS);
    long priority = number(in, job, prefix, "priority", -MAX_PRIORITY, MAX_PRIORITY, 0);
    String jobId = null;
    Object given = job.getValue("jobId");
    if (given != null) {
      if (!(given instanceof String s) || !in.isValidName(s)) {
        in.fail(prefix + "jobId", "must be " + Input.NAME_RULE);
      } else {
        jobId = s;
      }
    }
    String group = null;
    Object givenGroup = job.getValue("group");
    if (givenGroup != null) {
      if (!(givenGroup instanceof String s) || !in.isValidName(s)) {
        in.fail(prefix + "group", "must be " + Input.NAME_RULE);
      } else {
        group = s;
      }
    }
    String payloadJson = Json.encode(payload);
    if (payloadJson.getBytes(StandardCharsets.UTF_8).length > config.maxPayloadBytes()) {
      throw new ProblemException(413, Problems.type("payload-too-large"), Problems.title(413),
          prefix + "payload is over " + config.maxPayloadBytes() + " bytes of JSON", List.of(), Map.of());
    }
    return new QueueService.NewJob(jobId == null ? QueueService.newJobId() : jobId, jobId != null, payloadJson,
        delayMs, (int) maxAttempts, backoffMs, (int) priority, group);
  }

  private static long number(Input in, JsonObject job, String prefix, String field, long min, long max, long fallback) {
    Object v = job.getValue(field);
    if (v == null) {
      return fallback;
    }
    Long value = in.integerValue(prefix + field, v, min, max);
    return value == null ? fallback : value;
  }

  private void counts(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    in.done();
    Replies.json(ctx, 200, jobs.counts(queue).map(c -> new JsonObject().put("queue", queue).put("paused", c.paused())
        .put("waiting", c.waiting()).put("delayed", c.delayed()).put("active", c.active())
        .put("completed", c.completed()).put("failed", c.failed()).put("groups", c.groups())
        .put("handler", handlers.get(queue))));
  }

  private void job(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    in.done();
    Replies.json(ctx, 200, jobs.job(queue, id).map(QueueRoutes::toJson));
  }

  private void delete(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    in.done();
    Replies.noContent(ctx, jobs.delete(queue, id));
  }

  private void list(RoutingContext ctx, String fixedState) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String state = fixedState;
    if (state == null) {
      state = ctx.queryParams().get("state");
      if (state == null) {
        state = "waiting";
      } else if (!QueueService.STATES.contains(state)) {
        in.fail("state", "must be one of waiting, delayed, active, completed, failed");
      }
    }
    String cursor = ctx.queryParams().get("cursor");
    long offset = 0;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        offset = Long.parseLong(cursor);
        if (offset < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        in.fail("cursor", "must be a cursor from an earlier page");
      }
    }
    long limit = in.queryLong(ctx, "limit", 1, MAX_LIST, DEFAULT_LIST);
    String group = ctx.queryParams().get("group");
    if (group != null) {
      in.name("group", group);
      if (!"waiting".equals(state)) {
        in.fail("group", "lists a group's waiting jobs only (state=waiting)");
      }
    }
    in.done();
    Replies.json(ctx, 200, jobs.list(queue, state, group, offset, (int) limit).map(page -> {
      JsonArray list = new JsonArray();
      page.jobs().forEach(j -> list.add(toJson(j)));
      return new JsonObject().put("jobs", list)
          .put("cursor", page.nextOffset() == null ? null : String.valueOf(page.nextOffset()));
    }));
  }

  private void retryOne(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    in.done();
    Replies.json(ctx, 202, jobs.retry(queue, id).map(n -> new JsonObject().put("retried", n)));
  }

  private void retryAll(RoutingContext ctx) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    in.done();
    Replies.json(ctx, 202, jobs.retry(queue, null).map(n -> new JsonObject().put("retried", n)));
  }

  private void pause(RoutingContext ctx, boolean paused) {
    Input in = Input.check();
    String queue = in.pathName(ctx, "queue");
    in.done();
    Replies.noContent(ctx, jobs.pause(queue, paused));
  }

  private void reserve(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, RESERVE_FIELDS);
    String queue = in.pathName(ctx, "queue");
    Long max = in.integer(body, "max", 1, MAX_RESERVE, 1L);
    Long waitMs = in.integer(body, "waitMs", 0, MAX_WAIT_MS, 0L);
    Long leaseMs = in.integer(body, "leaseMs", 1000, config.maxLeaseMs(), config.leaseMs());
    in.done();
    if (handlers.containsKey(queue)) {
      throw ProblemException.conflict("Queue " + queue + " is run by the built-in " + handlers.get(queue)
          + " handler; HTTP workers serve queues without one");
    }
    Replies.json(ctx, 200, jobs.register(queue)
        .compose(v -> reservations.reserve(queue, max.intValue(), waitMs, leaseMs)).map(taken -> {
          JsonArray list = new JsonArray();
          taken.forEach(t -> list.add(new JsonObject().put("jobId", t.id()).put("payload", decode(t.payload()))
              .put("attempts", t.attempts()).put("lease", t.lease())));
          return new JsonObject().put("jobs", list);
        }));
  }

  private void ack(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, Set.of("lease"));
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    String lease = in.string(body, "lease", MAX_LEASE_LENGTH, true);
    in.done();
    Replies.noContent(ctx, jobs.ack(queue, id, lease));
  }

  private void fail(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, Set.of("lease", "error", "retry"));
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    String lease = in.string(body, "lease", MAX_LEASE_LENGTH, true);
    String error = in.string(body, "error", MAX_ERROR_LENGTH, false);
    Object retry = body.getValue("retry");
    if (retry != null && !(retry instanceof Boolean)) {
      in.fail("retry", "must be true or false");
    }
    in.done();
    Replies.noContent(ctx, jobs.fail(queue, id, lease, error == null ? "failed by the worker" : error,
        !Boolean.FALSE.equals(retry)));
  }

  private void heartbeat(RoutingContext ctx, boolean progress) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, progress ? Set.of("lease", "progress") : Set.of("lease", "leaseMs"));
    String queue = in.pathName(ctx, "queue");
    String id = in.pathName(ctx, "jobId");
    String lease = in.string(body, "lease", MAX_LEASE_LENGTH, true);
    long leaseMs = 0;
    String progressJson = null;
    if (progress) {
      if (!body.containsKey("progress")) {
        in.fail("progress", "is required (any JSON value, e.g. a percentage)");
      } else {
        progressJson = Json.encode(body.getValue("progress"));
        if (progressJson.length() > MAX_ERROR_LENGTH) {
          in.fail("progress", "is over " + MAX_ERROR_LENGTH + " characters of JSON");
        }
      }
    } else {
      leaseMs = in.integer(body, "leaseMs", 1000, config.maxLeaseMs(), config.leaseMs());
    }
    in.done();
    Replies.noContent(ctx, jobs.heartbeat(queue, id, lease, leaseMs, progressJson));
  }

  static JsonObject toJson(QueueService.Job job) {
    return new JsonObject().put("jobId", job.id()).put("state", job.state()).put("attempts", job.attempts())
        .put("maxAttempts", job.maxAttempts()).put("priority", job.priority())
        .put("payload", decode(job.payload())).put("lastError", job.lastError())
        .put("progress", job.progress() == null ? null : decode(job.progress()))
        .put("createdAt", job.createdAt()).put("finishedAt", job.finishedAt()).put("group", job.group());
  }

  private static Object decode(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.decodeValue(json);
    } catch (DecodeException e) {
      return json;
    }
  }
}
