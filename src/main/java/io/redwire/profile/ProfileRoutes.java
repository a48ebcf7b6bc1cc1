package io.redwire.profile;

import io.redwire.auth.Access;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PUT/PATCH/GET/DELETE /api/v1/users/{id} and POST /api/v1/users/{id}/incr. Every response about a
 * profile carries its ETag; writes honour If-Match and If-None-Match (412 when one does not hold,
 * nothing written), GET honours If-None-Match (304 when the client's copy is current).
 */
final class ProfileRoutes {

  private static final Set<String> INCR_FIELDS = Set.of("field", "by");
  /** Longest field name echoed back in an error; a bad name can be as long as the body. */
  private static final int MAX_ECHOED_NAME = 140;

  private final ProfileService profiles;
  private final AppConfig.Profiles config;

  ProfileRoutes(ProfileService profiles, AppConfig.Profiles config) {
    this.profiles = profiles;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.api("/users")
        .route(HttpMethod.PUT, "/:id", Access.SERVICE, this::put)
        .route(HttpMethod.PATCH, "/:id", Access.SERVICE, this::patch)
        .route(HttpMethod.GET, "/:id", Access.USER, this::get)
        .route(HttpMethod.DELETE, "/:id", Access.SERVICE, this::delete)
        .route(HttpMethod.POST, "/:id/incr", Access.SERVICE, this::incr);
  }

  private void put(RoutingContext ctx) {
    write(ctx, profiles::put);
  }

  private void patch(RoutingContext ctx) {
    write(ctx, profiles::patch);
  }

  /** PUT and PATCH differ only in what the service does with the fields. */
  private void write(RoutingContext ctx, Write operation) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check();
    String id = in.pathName(ctx, "id");
    Map<String, Object> fields = fields(in, body);
    Preconditions conditions = preconditions(ctx, in);
    in.done();
    Replies.json(ctx, 200, operation.apply(id, fields, conditions).map(p -> withEtag(ctx, p)));
  }

  @FunctionalInterface
  private interface Write {
    Future<ProfileService.Profile> apply(String id, Map<String, Object> fields, Preconditions conditions);
  }

  private void get(RoutingContext ctx) {
    Input in = Input.check();
    String id = in.pathName(ctx, "id");
    List<String> names = fieldNames(ctx, in);
    IfNoneMatch ifNoneMatch = ifNoneMatch(ctx, in);
    in.done();
    Access.requireSelfOrService(ctx, id);
    profiles.get(id, names).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ProfileService.Profile p = ar.result();
      if (p == null) {
        // RFC 9110 13.2.1: a request that would not be 2xx without its preconditions ignores them
        ctx.fail(ProblemException.notFound("No profile for user " + id));
      } else if (ifNoneMatch.failsFor(p.version())) {
        notModified(ctx, p.version());
      } else {
        Replies.json(ctx, 200, withEtag(ctx, p));
      }
    });
  }

  private void delete(RoutingContext ctx) {
    Input in = Input.check();
    String id = in.pathName(ctx, "id");
    Preconditions conditions = preconditions(ctx, in);
    in.done();
    Replies.noContent(ctx, profiles.delete(id, conditions));
  }

  private void incr(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, INCR_FIELDS);
    String id = in.pathName(ctx, "id");
    String field = in.name("field", body.getValue("field") instanceof String s ? s : null);
    Long by = in.integer(body, "by", Long.MIN_VALUE, Long.MAX_VALUE, 1L);
    Preconditions conditions = preconditions(ctx, in);
    in.done();
    Replies.json(ctx, 200, profiles.incr(id, field, by, conditions).map(result -> {
      ctx.response().putHeader("ETag", etag(result.version()));
      return new JsonObject().put("field", result.field()).put("value", result.value());
    }));
  }

  /** The body's fields, each a valid name with a string or finite number value, within the bounds. */
  private Map<String, Object> fields(Input in, JsonObject body) {
    if (body.size() > config.maxFields()) {
      in.fail("body", "has " + body.size() + " fields; a profile holds at most " + config.maxFields());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : body) {
      String name = e.getKey();
      String shown = name.length() > MAX_ECHOED_NAME ? name.substring(0, MAX_ECHOED_NAME) + "..." : name;
      if (!in.isValidName(name)) {
        in.fail(shown, "field names must be " + Input.NAME_RULE);
        continue;
      }
      Object value = e.getValue();
      FieldValues.Stored stored = FieldValues.encode(value);
      if (stored == null) {
        in.fail(name, value instanceof Number
            ? "is too large a number"
            : "must be a string or a number (not an object, array, boolean or null)");
      } else if (value instanceof String s && s.length() > config.maxValueLength()) {
        in.fail(name, "is longer than " + config.maxValueLength() + " characters");
      } else {
        fields.put(name, value);
      }
    }
    return fields;
  }

  /** {@code ?fields=a,b}: the names to read, deduplicated; empty when absent (read all). */
  private List<String> fieldNames(RoutingContext ctx, Input in) {
    List<String> raw = ctx.queryParams().getAll("fields");
    if (raw.isEmpty()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String param : raw) {
      for (String name : param.split(",", -1)) {
        if (!in.isValidName(name)) {
          in.fail("fields", "must be a comma-separated list of field names (" + Input.NAME_RULE + ")");
          return List.of();
        }
        names.add(name);
      }
    }
    if (names.size() > config.maxFields()) {
      in.fail("fields", "names at most " + config.maxFields() + " fields");
    }
    return new ArrayList<>(names);
  }

  private static Preconditions preconditions(RoutingContext ctx, Input in) {
    return new Preconditions(ifMatch(ctx, in), ifNoneMatch(ctx, in));
  }

  private static IfMatch ifMatch(RoutingContext ctx, Input in) {
    try {
      return IfMatch.parse(ctx.request().headers().getAll("If-Match"));
    } catch (IllegalArgumentException e) {
      in.fail("If-Match", e.getMessage());
      return IfMatch.NONE;
    }
  }

  private static IfNoneMatch ifNoneMatch(RoutingContext ctx, Input in) {
    try {
      return IfNoneMatch.parse(ctx.request().headers().getAll("If-None-Match"));
    } catch (IllegalArgumentException e) {
      in.fail("If-None-Match", e.getMessage());
      return IfNoneMatch.NONE;
    }
  }

  /** RFC 9110 15.4.5: no content, and the ETag the 200 would have carried. */
  private static void notModified(RoutingContext ctx, String version) {
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(304).putHeader("ETag", etag(version)).end();
    }
  }

  private static JsonObject withEtag(RoutingContext ctx, ProfileService.Profile p) {
    ctx.response().putHeader("ETag", etag(p.version()));
    JsonObject fields = new JsonObject();
    p.fields().forEach(fields::put);
    return new JsonObject().put("id", p.id()).put("fields", fields);
  }

  static String etag(String version) {
    return "\"" + version + "\"";
  }
}
