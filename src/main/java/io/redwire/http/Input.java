package io.redwire.http;

import io.redwire.http.ProblemException.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request validation that runs before any Redis call. It collects every problem of a request, so a
 * client sees all its mistakes at once; {@link #done()} throws a 400 when there were any.
 */
public final class Input {

  /** The contract's rule for names: 1-128 chars of [A-Za-z0-9._:-], except "." and ".." (they cannot be path segments). */
  public static final Pattern NAME = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}");
  /** The rule as clients read it in error messages. */
  public static final String NAME_RULE = "1-128 characters of A-Z a-z 0-9 . _ : -, not . or ..";

  /** Jackson's streaming parser into JsonObject/JsonArray, without databind's per-call setup. */
  private static final JacksonCodec STREAMING_JSON = new JacksonCodec();

  private final List<FieldError> errors = new ArrayList<>();

  public static Input check() {
    return new Input();
  }

  /**
   * The JSON object body. An empty body means {}; anything else must be application/json (else 415)
   * and a JSON object (else 400).
   */
  public static JsonObject body(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      return new JsonObject();
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (!isJson(contentType)) {
      throw ProblemException.unsupportedMediaType(
          "Content-Type must be application/json, got " + (contentType == null ? "none" : contentType),
          acceptedMediaTypes(ctx));
    }
    Object parsed;
    try {
      parsed = STREAMING_JSON.fromBuffer(raw);
    } catch (DecodeException e) {
      throw ProblemException.badRequest("body", "is not valid JSON");
    }
    if (parsed instanceof JsonObject obj) {
      return obj;
    }
    throw ProblemException.badRequest("body", "must be a JSON object");
  }

  /** What a 415 says the resource accepts: JSON bodies (for PATCH, JSON merge documents). */
  public static Map<String, String> acceptedMediaTypes(RoutingContext ctx) {
    return ctx.request().method() == HttpMethod.PATCH
        ? Map.of("Accept", "application/json", "Accept-Patch", "application/json")
        : Map.of("Accept", "application/json");
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /** {@link #NAME}, checked without a regex because it runs on every request that names something. */
  public boolean isValidName(String value) {
    if (value == null || value.isEmpty() || value.length() > 128) {
      return false;
    }
    if (value.equals(".") || value.equals("..")) {
      // a name that cannot stand in a path: /users/.. would be another route
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A name from the path, decoded by the router. */
  public String pathName(RoutingContext ctx, String param) {
    return name(param, ctx.pathParam(param));
  }

  public String name(String field, String value) {
    if (!isValidName(value)) {
      fail(field, "must be " + NAME_RULE);
    }
    return value;
  }

  /** Fails on fields the request type does not have: a typo should not be silently ignored. */
  public Input onlyFields(JsonObject body, Set<String> allowed) {
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        fail(field, "is not a known field");
      }
    }
    return this;
  }

  /** A whole number in [min, max]; {@code fallback} when absent (null fallback = required). */
  public Long integer(JsonObject body, String field, long min, long max, Long fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      if (fallback == null) {
        fail(field, "is required");
      }
      return fallback;
    }
    return integerValue(field, v, min, max);
  }

  public Long integerValue(String field, Object v, long min, long max) {
    long value;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      value = ((Number) v).longValue();
    } else if (v instanceof BigInteger) {
      fail(field, "must be between " + min + " and " + max);
      return null;
    } else if (v instanceof Number) {
      fail(field, "must be a whole number");
      return null;
    } else {
      fail(field, "must be a number");
      return null;
    }
    if (value < min || value > max) {
      fail(field, "must be between " + min + " and " + max);
      return null;
    }
    return value;
  }

  public String string(JsonObject body, String field, int maxLength, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        fail(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      fail(field, "must be a string");
      return null;
    }
    if (s.isEmpty() || s.length() > maxLength) {
      fail(field, "must be 1-" + maxLength + " characters");
      return null;
    }
    return s;
  }

  public JsonObject object(JsonObject body, String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        fail(field, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonObject obj)) {
      fail(field, "must be a JSON object");
      return null;
    }
    return obj;
  }

  /** A whole-number query parameter in [min, max]; fallback when absent. */
  public long queryLong(RoutingContext ctx, String param, long min, long max, long fallback) {
    String raw = ctx.queryParams().get(param);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    fail(param, "must be a whole number between " + min + " and " + max);
    return fallback;
  }

  public boolean queryBool(RoutingContext ctx, String param, boolean fallback) {
    String raw = ctx.queryParams().get(param);
    if (raw == null) {
      return fallback;
    }
    if (raw.equals("true") || raw.equals("false")) {
      return Boolean.parseBoolean(raw);
    }
    fail(param, "must be true or false");
    return fallback;
  }

  public Input fail(String field, String message) {
    errors.add(new FieldError(field, message));
    return this;
  }

  /** Throws the collected 400, if any. */
  public void done() {
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest(errors);
    }
  }
}
