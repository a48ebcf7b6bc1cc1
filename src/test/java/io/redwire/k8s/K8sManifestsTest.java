package io.redwire.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.redwire.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manifests under k8s/ parse and keep the invariants the server relies on. */
class K8sManifestsTest {

  static final Map<String, JsonNode> BY_KIND_AND_NAME = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("k8s"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) {
      for (JsonNode doc : yaml.readValues(yaml.createParser(file.toFile()), JsonNode.class).readAll()) {
        assertTrue(doc.has("apiVersion") && doc.has("kind"), file + " has apiVersion and kind");
        String name = doc.path("metadata").path("name").asText(file.getFileName().toString());
        BY_KIND_AND_NAME.put(doc.get("kind").asText() + "/" + name, doc);
      }
    }
  }

  static JsonNode get(String kindAndName) {
    JsonNode n = BY_KIND_AND_NAME.get(kindAndName);
    assertTrue(n != null, kindAndName + " exists");
    return n;
  }

  @Test
  void probesUseTheHealthEndpoints() {
    JsonNode container = get("Deployment/redwire").at("/spec/template/spec/containers/0");
    assertEquals("/health/ready", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("/health/live", container.at("/livenessProbe/httpGet/path").asText());
    assertFalse(container.at("/resources/requests/cpu").isMissingNode());
    assertFalse(container.at("/resources/limits/memory").isMissingNode());
  }

  @Test
  void selectorsMatchThePodLabels() {
    JsonNode deployment = get("Deployment/redwire");
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    List<JsonNode> selectors = List.of(deployment.at("/spec/selector/matchLabels"),
        get("Service/redwire").at("/spec/selector"), get("PodDisruptionBudget/redwire").at("/spec/selector/matchLabels"));
    for (JsonNode selector : selectors) {
      selector.fields().forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey()), e.getKey()));
    }
    assertTrue(get("PodDisruptionBudget/redwire").at("/spec/minAvailable").asInt()
        < deployment.at("/spec/replicas").asInt(), "a disruption can still evict a pod");
  }

  @Test
  void everyEnvironmentVariableIsOneTheServerReads() {
    List<String> names = new ArrayList<>();
    get("ConfigMap/redwire-config").get("data").fieldNames().forEachRemaining(names::add);
    get("Secret/redwire-secrets").get("stringData").fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      assertTrue(ConfigLoader.ENV_OVERRIDES.containsKey(name), name + " is not a redwire variable");
    }
    assertEquals("prod", get("ConfigMap/redwire-config").at("/data/REDWIRE_PROFILE").asText());
  }
}
