package io.redwire.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A request that ends in an RFC 9457 problem document. Services and routes fail with it; the one
 * failure handler writes it. No stack trace: these are expected outcomes, not bugs.
 */
public class ProblemException extends RuntimeException {

  public record FieldError(String field, String message) {}

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ProblemException(int status, String type, String title, String detail,
      List<FieldError> errors, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.headers = Map.copyOf(headers);
  }

  public static ProblemException badRequest(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new ProblemException(400, Problems.type("validation"), Problems.title(400), detail, errors, Map.of());
  }

  public static ProblemException badRequest(String field, String message) {
    return badRequest(List.of(new FieldError(field, message)));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, Problems.type("not-found"), Problems.title(404), detail, List.of(), Map.of());
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, Problems.type("conflict"), Problems.title(409), detail, List.of(), Map.of());
  }

  /** No token: the challenge names the scheme only (RFC 6750 section 3). */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, Problems.type("unauthorized"), Problems.title(401), detail, List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"redwire\""));
  }

  /** A token that is unknown, expired or malformed: RFC 6750's invalid_token. */
  public static ProblemException invalidToken(String detail) {
    return new ProblemException(401, Problems.type("unauthorized"), Problems.title(401), detail, List.of(),
        Map.of("WWW-Authenticate", "Bearer realm=\"redwire\", error=\"invalid_token\""));
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, Problems.type("forbidden"), Problems.title(403), detail, List.of(), Map.of());
  }

  /** RFC 9110 15.5.16: the answer says which media types the resource accepts. */
  public static ProblemException unsupportedMediaType(String detail, Map<String, String> acceptHeaders) {
    return new ProblemException(415, Problems.type("unsupported-media-type"), Problems.title(415),
        detail, List.of(), acceptHeaders);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type)
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (instance != null) {
      json.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      JsonArray arr = new JsonArray();
      errors.forEach(e -> arr.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      json.put("errors", arr);
    }
    return json;
  }
}
