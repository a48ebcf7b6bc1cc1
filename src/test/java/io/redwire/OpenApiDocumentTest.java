package io.redwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.redwire.http.Problems;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What contract testers and client generators need from /openapi.yaml, checked without a server:
 * every operation has a stable operationId, a description and examples; the headers the server sends
 * are declared; problem examples carry the status' reason phrase; the limits match the defaults in
 * conf/application.yaml. ({@link OpenApiCoverageIT} checks the operations against the router; the
 * examples are validated against their schemas by {@code redocly lint}, see README "Operations".)
 */
class OpenApiDocumentTest {

  private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final List<String> RATE_LIMIT_HEADERS =
      List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "RateLimit");

  static JsonNode doc;
  static JsonNode conf;

  @BeforeAll
  static void load() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    doc = yaml.readTree(Path.of("src/main/resources/openapi.yaml").toFile());
    conf = yaml.readTree(Path.of("conf/application.yaml").toFile());
  }

  /** Follows a local $ref ("#/components/..."), or returns the node itself. */
  static JsonNode deref(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      String ref = n.get("$ref").asText();
      assertTrue(ref.startsWith("#/"), "local ref " + ref);
      n = doc.at(ref.substring(1));
      assertFalse(n.isMissingNode(), ref + " resolves");
    }
    return n;
  }

  /** Calls {@code check} with "METHOD /path" and the operation, for every operation. */
  static void eachOperation(BiConsumer<String, JsonNode> check) {
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (METHODS.contains(op.getKey())) {
        check.accept(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
      }
    }));
  }

  static boolean hasExample(JsonNode media) {
    return media.has("example") || (media.has("examples") && media.get("examples").size() > 0);
  }

  @Test
  void everyOperationHasAStableIdADescriptionAndExamples() {
    Set<String> ids = new HashSet<>();
    List<String> problems = new ArrayList<>();
    eachOperation((name, op) -> {
      String id = op.path("operationId").asText("");
      if (!CAMEL_CASE.matcher(id).matches()) {
        problems.add(name + ": operationId '" + id + "' is not camelCase");
      } else if (!ids.add(id)) {
        problems.add(name + ": operationId " + id + " is used twice");
      }
      if (op.path("description").asText("").isBlank()) {
        problems.add(name + ": no description");
      }
      if (op.has("requestBody")) {
        deref(op.get("requestBody")).path("content").fields().forEachRemaining(media -> {
          if (!hasExample(media.getValue())) {
            problems.add(name + ": request " + media.getKey() + " has no example");
          }
        });
      }
      boolean successExample = false;
      for (var it = op.get("responses").fields(); it.hasNext(); ) {
        var response = it.next();
        JsonNode r = deref(response.getValue());
        boolean success = response.getKey().startsWith("2");
        if (!r.has("content")) {
          // no body: nothing to exemplify (204, and 101 of the WebSocket upgrade)
          successExample |= response.getKey().equals("204") || response.getKey().equals("101");
          continue;
        }
        for (var media = r.get("content").fields(); media.hasNext(); ) {
          var m = media.next();
          if (!hasExample(m.getValue())) {
            problems.add(name + " " + response.getKey() + ": " + m.getKey() + " has no example");
          }
          successExample |= success;
        }
      }
      if (!successExample) {
        problems.add(name + ": no success response with an example");
      }
      op.path("parameters").forEach(p -> {
        JsonNode param = deref(p);
        if (param.path("required").asBoolean(false) && !param.has("example") && !param.has("examples")) {
          problems.add(name + ": required parameter " + param.path("name").asText() + " has no example");
        }
      });
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void apiResponsesDeclareTheHeadersTheServerSends() {
    List<String> problems = new ArrayList<>();
    eachOperation((name, op) -> {
      boolean api = name.contains(" /api/v1/");
      op.get("responses").fields().forEachRemaining(response -> {
        String where = name + " " + response.getKey();
        JsonNode headers = deref(response.getValue()).path("headers");
        if (api) {
          RATE_LIMIT_HEADERS.forEach(h -> {
            if (!headers.has(h)) {
              problems.add(where + ": no " + h);
            }
          });
        }
        Map<String, String> required = switch (response.getKey()) {
          case "401" -> Map.of("WWW-Authenticate", "");
          case "429", "503" -> Map.of("Retry-After", "");
          case "405" -> Map.of("Allow", "");
          case "415" -> name.startsWith("PATCH ") ? Map.of("Accept", "", "Accept-Patch", "") : Map.of("Accept", "");
          default -> Map.of();
        };
        required.keySet().forEach(h -> {
          if (!headers.has(h)) {
            problems.add(where + ": no " + h);
          }
        });
        if (name.contains(" /api/v1/users/") && (response.getKey().startsWith("2") && !response.getKey().equals("204")
            || response.getKey().equals("304")) && !headers.has("ETag")) {
          problems.add(where + ": no ETag");
        }
      });
    });
    assertEquals(List.of(), problems);
    JsonNode allow = deref(doc.at("/components/responses/MethodNotAllowed")).path("headers");
    assertTrue(allow.has("Allow"), "405 declares Allow");
  }

  @Test
  void problemExamplesMatchTheirStatusAndItsReasonPhrase() {
    List<String> problems = new ArrayList<>();
    eachOperation((name, op) -> op.get("responses").fields().forEachRemaining(response -> {
      if (!response.getKey().matches("[45][0-9][0-9]")) {
        return;
      }
      JsonNode media = deref(response.getValue()).path("content").path("application/problem+json");
      if (media.isMissingNode()) {
        if (name.contains(" /api/v1/")) {
          problems.add(name + " " + response.getKey() + ": not a problem document");
        }
        return;
      }
      checkProblemExamples(name + " " + response.getKey(), Integer.parseInt(response.getKey()), media, problems);
    }));
    JsonNode methodNotAllowed = doc.at("/components/responses/MethodNotAllowed/content/application~1problem+json");
    checkProblemExamples("MethodNotAllowed", 405, methodNotAllowed, problems);
    assertEquals(List.of(), problems);
  }

  private static void checkProblemExamples(String where, int status, JsonNode media, List<String> problems) {
    if (!hasExample(media)) {
      problems.add(where + ": no example");
    }
    media.path("examples").fields().forEachRemaining(example -> {
      JsonNode value = deref(example.getValue()).path("value");
      if (value.path("status").asInt() != status || !Problems.title(status).equals(value.path("title").asText())) {
        problems.add(where + " example " + example.getKey() + ": status " + value.path("status")
            + ", title " + value.path("title"));
      }
    });
  }

  @Test
  void limitsMatchTheDefaultConfiguration() {
    JsonNode schemas = doc.at("/components/schemas");
    assertEquals(conf.at("/sessions/maxTtlSeconds").asLong(),
        schemas.at("/CreateSessionRequest/properties/ttlSeconds/maximum").asLong(), "session ttlSeconds maximum");
    assertEquals(conf.at("/sessions/defaultTtlSeconds").asLong(),
        schemas.at("/CreateSessionRequest/properties/ttlSeconds/default").asLong(), "session ttlSeconds default");
    for (String lockSchema : List.of("AcquireLockRequest", "ExtendLockRequest")) {
      assertEquals(conf.at("/locks/maxTtlMs").asLong(),
          schemas.at("/" + lockSchema + "/properties/ttlMs/maximum").asLong(), lockSchema + " ttlMs maximum");
    }
    assertEquals(conf.at("/profiles/maxFields").asInt(), schemas.at("/ProfileFieldsInput/maxProperties").asInt());
    assertEquals(conf.at("/profiles/maxValueLength").asInt(),
        schemas.at("/ProfileFieldsInput/additionalProperties/oneOf/0/maxLength").asInt());
    assertEquals(Long.MIN_VALUE, schemas.at("/IncrementCounterRequest/properties/by/minimum").asLong());
    assertEquals(Long.MAX_VALUE, schemas.at("/IncrementCounterRequest/properties/by/maximum").asLong());
    assertTrue(doc.at("/paths/~1api~1v1~1sessions/post/requestBody/required").asBoolean(), "createSession needs a body");
  }
}
