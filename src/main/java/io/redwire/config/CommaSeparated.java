package io.redwire.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code "a, b,,c"} as {@code [a, b, c]}: lists come from environment variables as one string. */
final class CommaSeparated extends StdDeserializer<List<String>> {

  CommaSeparated() {
    super(List.class);
  }

  @Override
  public List<String> deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
    return split(parser.getValueAsString(""));
  }

  static List<String> split(String text) {
    List<String> items = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        items.add(part.trim());
      }
    }
    return items;
  }
}
