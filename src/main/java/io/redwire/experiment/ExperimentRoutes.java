package io.redwire.experiment;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * PUT /api/v1/experiments/{name}, POST /api/v1/experiments/{name}/assignments/{userId},
 * GET /api/v1/experiments/{name}[?sample=N].
 */
final class ExperimentRoutes {

  /** An experiment compares at least two arms. */
  static final int MIN_ARMS = 2;
  /** Keeps the assignment script's per-call work and the GET reply small. */
  static final int MAX_ARMS = 32;
  /** Weights are relative; a million per arm is finer than any split anyone needs. */
  static final long MAX_WEIGHT = 1_000_000;
  /** Random members per arm a GET may ask for. */
  static final int MAX_SAMPLE = 100;
  private static final Set<String> DEFINE_FIELDS = Set.of("arms");

  private final ExperimentService experiments;

  ExperimentRoutes(ExperimentService experiments) {
    this.experiments = experiments;
  }

  void mount(ApiRoutes api) {
    api.api("/experiments")
        .route(HttpMethod.PUT, "/:name", Access.SERVICE, this::define)
        .route(HttpMethod.POST, "/:name/assignments/:userId", Access.SERVICE, this::assign)
        .route(HttpMethod.GET, "/:name", Access.SERVICE, this::describe);
  }

  private void define(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, DEFINE_FIELDS);
    String name = in.pathName(ctx, "name");
    JsonObject armsJson = in.object(body, "arms", true);
    Map<String, Long> arms = new LinkedHashMap<>();
    if (armsJson != null) {
      if (armsJson.size() < MIN_ARMS || armsJson.size() > MAX_ARMS) {
        in.fail("arms", "must have " + MIN_ARMS + "-" + MAX_ARMS + " arms");
      }
      for (String arm : armsJson.fieldNames()) {
        String field = "arms." + arm;
        if (!in.isValidName(arm)) {
          in.fail("arms", "arm names must be " + Input.NAME_RULE);
          continue;
        }
        Object weight = armsJson.getValue(arm);
        Long value = weight == null ? null : in.integerValue(field, weight, 1, MAX_WEIGHT);
        if (weight == null) {
          in.fail(field, "must be a whole number between 1 and " + MAX_WEIGHT);
        }
        arms.put(arm, value);
      }
    }
    in.done();
    Replies.json(ctx, 200, experiments.define(name, arms).map(ExperimentRoutes::toJson));
  }

  private void assign(RoutingContext ctx) {
    Input in = Input.check();
    String name = in.pathName(ctx, "name");
    String userId = in.pathName(ctx, "userId");
    in.done();
    Replies.json(ctx, 200, experiments.assign(name, userId).compose(arm -> arm == null
        ? Future.failedFuture(ProblemException.notFound("No experiment named " + name))
        : Future.succeededFuture(new JsonObject().put("experiment", name).put("userId", userId).put("arm", arm))));
  }

  private void describe(RoutingContext ctx) {
    Input in = Input.check();
    String name = in.pathName(ctx, "name");
    int sample = (int) in.queryLong(ctx, "sample", 0, MAX_SAMPLE, 0);
    boolean withSample = ctx.queryParams().contains("sample");
    in.done();
    Replies.json(ctx, 200, experiments.describe(name, sample).compose(e -> e == null
        ? Future.failedFuture(ProblemException.notFound("No experiment named " + name))
        : Future.succeededFuture(withSample ? toJsonWithSample(e) : toJson(e))));
  }

  private static JsonObject toJson(ExperimentService.Experiment e) {
    JsonObject arms = new JsonObject();
    for (ExperimentService.Arm arm : e.arms()) {
      arms.put(arm.name(), new JsonObject().put("weight", arm.weight()).put("members", arm.members()));
    }
    return new JsonObject().put("name", e.name()).put("arms", arms);
  }

  private static JsonObject toJsonWithSample(ExperimentService.Experiment e) {
    JsonObject json = toJson(e);
    for (ExperimentService.Arm arm : e.arms()) {
      json.getJsonObject("arms").getJsonObject(arm.name()).put("sample", new JsonArray(arm.sample()));
    }
    return json;
  }
}
