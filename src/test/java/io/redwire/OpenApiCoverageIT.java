package io.redwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.redwire.support.Reply;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /openapi.yaml describes exactly the routes the server has. */
@RedwireTest
class OpenApiCoverageIT {

  @Test
  void documentAndRouterAgree(TestApp app) throws Exception {
    Set<String> registered = new TreeSet<>();
    app.app().routes().forEach(s -> registered.add(s.method().name() + " " + s.template()));

    Reply doc = app.get("/openapi.yaml", null);
    JsonNode paths = new YAMLMapper().readTree(doc.body()).get("paths");
    Set<String> documented = new TreeSet<>();
    paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (!method.equals("parameters")) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    assertEquals(registered, documented);
  }
}
