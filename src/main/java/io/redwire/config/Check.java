package io.redwire.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Value checks for the configuration records; every error names the YAML key and its environment variable. */
final class Check {

  private Check() {}

  static ConfigException error(String key, String problem) {
    String variable = ConfigLoader.variableOf(key);
    return new ConfigException(key + (variable == null ? "" : " (" + variable + ")") + " " + problem);
  }

  static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw error(key, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  static String oneOf(String key, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw error(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
  }

  /** A redis:// or rediss:// URL; blank means not configured (null). */
  static String redisUrl(String key, String value) {
    String url = value.trim();
    if (url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw error(key, "must start with redis:// or rediss://");
    }
    return url;
  }

  /** A file checked now, so a typo fails at startup; "" when not configured. */
  static String readableFileOrEmpty(String key, String value) {
    String file = value.trim();
    if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
      throw error(key, "is not a readable file: " + file);
    }
    return file;
  }
}
