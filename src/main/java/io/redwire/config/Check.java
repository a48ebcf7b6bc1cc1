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

  /** One URL for a standalone Redis, else a comma-separated list of them; blank means not configured (null). */
  static String redisUrls(String key, AppConfig.RedisType type, String value) {
    if (type == AppConfig.RedisType.STANDALONE) {
      if (value.contains(",")) {
        throw error(key, "is one URL for a standalone Redis; a list needs redis type cluster or sentinel");
      }
      return redisUrl(key, value);
    }
    java.util.List<String> urls = CommaSeparated.split(value);
    for (String url : urls) {
      redisUrl(key, url);
    }
    return urls.isEmpty() ? null : String.join(",", urls);
  }

  /** Sentinel needs the name of the master it watches; other types have none. */
  static String masterName(String key, AppConfig.RedisType type, String value) {
    String name = value.strip();
    if (type == AppConfig.RedisType.SENTINEL && name.isEmpty()) {
      throw error(key, "must name the master the sentinels watch (sentinel mode)");
    }
    if (!name.isEmpty() && !name.matches("[A-Za-z0-9._:-]{1,128}")) {
      throw error(key, "must be 1-128 characters of A-Z a-z 0-9 . _ : -, got '" + name + "'");
    }
    return name;
  }

  /** A file checked now, so a typo fails at startup; "" when not configured. */
  static String readableFileOrEmpty(String key, String value) {
    String file = value.trim();
    if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
      throw error(key, "is not a readable file: " + file);
    }
    return file;
  }

  /** WAIT needs a positive timeout (0 would block forever). */
  static void replicaAcks(int minReplicasAck, long timeoutMs) {
    range("redis.minReplicasAck", minReplicasAck, 0, 100);
    range("redis.replicaAckTimeoutMs", timeoutMs, 0, 600_000);
    if (minReplicasAck > 0 && timeoutMs <= 0) {
      throw error("redis.replicaAckTimeoutMs", "must be above 0 when redis.minReplicasAck is above 0, got " + timeoutMs);
    }
  }
}
