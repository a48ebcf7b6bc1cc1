package io.redwire.redis;

import java.util.HashMap;
import java.util.Map;

/** Parsing of INFO replies ("field:value" lines) and version strings. */
public final class RedisInfo {

  private RedisInfo() {}

  public static Map<String, String> parse(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  /** "7.0.15" -> {7, 0, 15}; unparseable parts are 0. */
  /**
   * What a node's INFO figures say when it did not answer: role {@code unreachable}, its port, no figures
   * (the admin report lists it so a missing master is seen, not silently left out of the totals).
   */
  static Map<String, String> unreachable(String hostPort) {
    return Map.of("role", "unreachable", "tcp_port", hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  public static int[] parseVersion(String version) {
    int[] out = new int[3];
    String[] parts = version.split("\\.");
    for (int i = 0; i < Math.min(3, parts.length); i++) {
      try {
        out[i] = Integer.parseInt(parts[i].replaceAll("[^0-9].*$", ""));
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  public static long longValue(Map<String, String> info, String field) {
    try {
      return Long.parseLong(info.getOrDefault(field, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
