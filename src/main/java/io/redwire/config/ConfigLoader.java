package io.redwire.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code conf/application.yaml} (the copy shipped in the jar, then the one in the working directory
 * or at {@code REDWIRE_CONFIG}), applies the environment overrides named in {@link #ENV_OVERRIDES}, and
 * validates the result. The env mapping is explicit on purpose: names are part of the deployment contract.
 */
public final class ConfigLoader {

  /** Environment variable to YAML path. */
  public static final Map<String, String> ENV_OVERRIDES = envOverrides();

  private static final String DEFAULTS_RESOURCE = "conf/application.yaml";
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern ROLE_KEY = Pattern.compile("[A-Za-z0-9_.~+/=-]{16,256}");

  private ConfigLoader() {}

  private static Map<String, String> envOverrides() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("REDWIRE_PROFILE", "profile");
    m.put("HTTP_PORT", "http.port");
    m.put("REDWIRE_HTTP_HOST", "http.host");
    m.put("REDWIRE_HTTP_INSTANCES", "http.instances");
    m.put("REDWIRE_BODY_LIMIT_BYTES", "http.bodyLimitBytes");
    m.put("REDWIRE_RETRY_AFTER_SECONDS", "http.retryAfterSeconds");
    m.put("REDWIRE_HTTP_H2C", "http.h2c");
    m.put("REDWIRE_HTTP_STRICT_THREADS", "http.strictThreads");
    m.put("REDWIRE_TRUST_FORWARDED", "http.trustForwarded");
    m.put("REDWIRE_LOG_FORMAT", "logFormat");
    m.put("REDIS_URL", "redis.url");
    m.put("REDWIRE_REDIS_DEFAULT_URL", "redis.defaultUrl");
    m.put("REDIS_CACHE_URL", "redis.cacheUrl");
    m.put("REDWIRE_KEY_PREFIX", "redis.keyPrefix");
    m.put("REDWIRE_REDIS_TIMEOUT_MS", "redis.commandTimeoutMs");
    m.put("REDWIRE_REDIS_CONNECT_TIMEOUT_MS", "redis.connectTimeoutMs");
    m.put("REDWIRE_REDIS_HEALTH_TIMEOUT_MS", "redis.healthTimeoutMs");
    m.put("REDWIRE_REDIS_MAX_IN_FLIGHT", "redis.maxInFlightPerConnection");
    m.put("REDWIRE_REDIS_POOL_SIZE", "redis.poolSize");
    m.put("REDWIRE_REDIS_POOL_WAITING", "redis.poolWaiting");
    m.put("REDWIRE_REDIS_RECONNECT_MIN_MS", "redis.reconnectMinMs");
    m.put("REDWIRE_REDIS_RECONNECT_MAX_MS", "redis.reconnectMaxMs");
    m.put("REDWIRE_EMBEDDED_REDIS_PORT", "redis.embeddedPort");
    m.put("REDWIRE_REDIS_TLS_CA_FILE", "redis.tlsCaFile");
    m.put("REDWIRE_REDIS_TLS_VERIFY_HOST", "redis.tlsVerifyHost");
    m.put("REDWIRE_API_KEYS", "auth.apiKeys");
    m.put("REDWIRE_RATE_LIMIT", "rateLimit.perPrincipal");
    m.put("REDWIRE_RATE_LIMIT_ENABLED", "rateLimit.enabled");
    m.put("REDWIRE_RATE_LIMIT_LEASE_MAX", "rateLimit.leaseMax");
    m.put("REDWIRE_RATE_LIMIT_LEASE_MS", "rateLimit.leaseMs");
    m.put("REDWIRE_SESSION_TTL_SECONDS", "sessions.defaultTtlSeconds");
    m.put("REDWIRE_SESSION_MAX_TTL_SECONDS", "sessions.maxTtlSeconds");
    m.put("REDWIRE_LOCK_NODES", "locks.nodes");
    m.put("REDWIRE_LOCK_MAX_TTL_MS", "locks.maxTtlMs");
    m.put("REDWIRE_LOCK_RETRY_MIN_MS", "locks.retryMinMs");
    m.put("REDWIRE_LOCK_RETRY_MAX_MS", "locks.retryMaxMs");
    m.put("REDWIRE_LOCK_CLOCK_DRIFT", "locks.clockDriftFactor");
    m.put("REDWIRE_PROFILE_MAX_FIELDS", "profiles.maxFields");
    m.put("REDWIRE_PROFILE_MAX_VALUE_LENGTH", "profiles.maxValueLength");
    m.put("REDWIRE_VISITOR_RETENTION_DAYS", "visitors.retentionDays");
    return Map.copyOf(m);
  }

  /** Loads from the process environment and the working directory. */
  public static AppConfig load() {
    return load(System.getenv());
  }

  public static AppConfig load(Map<String, String> env) {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode tree = readDefaults(yaml);
    Path file = Path.of(env.getOrDefault("REDWIRE_CONFIG", "conf/application.yaml"));
    if (Files.isRegularFile(file)) {
      try {
        merge(tree, yaml.readTree(file.toFile()));
      } catch (IOException e) {
        throw new ConfigException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
      }
    } else if (env.containsKey("REDWIRE_CONFIG")) {
      throw new ConfigException("REDWIRE_CONFIG points at " + file.toAbsolutePath() + ", which does not exist");
    }
    ENV_OVERRIDES.forEach((name, path) -> {
      String value = env.get(name);
      if (value != null) {
        set(tree, path, value);
      }
    });
    return build(new Tree(tree));
  }

  private static ObjectNode readDefaults(YAMLMapper yaml) {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode target, JsonNode overlay) {
    if (overlay == null || !overlay.isObject()) {
      return;
    }
    overlay.fields().forEachRemaining(e -> {
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode obj && e.getValue().isObject()) {
        merge(obj, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }

  private static void set(ObjectNode root, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
  }

  private static AppConfig build(Tree t) {
    AppConfig.Profile profile = switch (t.text("profile").toLowerCase(Locale.ROOT)) {
      case "dev" -> AppConfig.Profile.DEV;
      case "prod" -> AppConfig.Profile.PROD;
      default -> throw new ConfigException("profile (REDWIRE_PROFILE) must be dev or prod, got '" + t.text("profile") + "'");
    };
    AppConfig.Http http = new AppConfig.Http(
        (int) t.range("http.port", 0, 65535),
        t.text("http.host"),
        (int) t.range("http.instances", 0, 256),
        t.range("http.bodyLimitBytes", 1024, 1L << 30),
        (int) t.range("http.retryAfterSeconds", 1, 3600),
        t.bool("http.h2c"),
        t.bool("http.trustForwarded"),
        t.bool("http.strictThreads"));
    AppConfig.Redis redis = new AppConfig.Redis(
        redisUrl(t, "redis.url"),
        redisUrl(t, "redis.defaultUrl"),
        redisUrl(t, "redis.cacheUrl"),
        t.text("redis.keyPrefix"),
        t.range("redis.commandTimeoutMs", 10, 600_000),
        (int) t.range("redis.connectTimeoutMs", 10, 600_000),
        t.range("redis.healthTimeoutMs", 10, 60_000),
        (int) t.range("redis.maxInFlightPerConnection", 16, 1_000_000),
        (int) t.range("redis.poolSize", 1, 1024),
        (int) t.range("redis.poolWaiting", 1, 1_000_000),
        t.range("redis.reconnectMinMs", 1, 60_000),
        t.range("redis.reconnectMaxMs", 1, 600_000),
        (int) t.range("redis.embeddedPort", 0, 65535),
        tlsCaFile(t.text("redis.tlsCaFile")),
        t.bool("redis.tlsVerifyHost"));
    if (redis.reconnectMaxMs() < redis.reconnectMinMs()) {
      throw new ConfigException("redis.reconnectMaxMs must be >= redis.reconnectMinMs");
    }
    AppConfig.RateLimit rateLimit = parseRate(t.text("rateLimit.perPrincipal"), t.bool("rateLimit.enabled"))
        .withLeases(t.range("rateLimit.leaseMax", 1, 100_000), t.range("rateLimit.leaseMs", 1, 10_000));
    AppConfig.Sessions sessions = new AppConfig.Sessions(
        t.range("sessions.defaultTtlSeconds", 1, 2_592_000),
        t.range("sessions.maxTtlSeconds", 1, 2_592_000));
    if (sessions.defaultTtlSeconds() > sessions.maxTtlSeconds()) {
      throw new ConfigException("sessions.defaultTtlSeconds must be <= sessions.maxTtlSeconds");
    }
    if (redis.defaultUrl() == null) {
      throw new ConfigException("redis.defaultUrl must not be empty");
    }
    Map<String, String> keys = parseApiKeys(t.text("auth.apiKeys"));
    String logFormat = t.text("logFormat").trim().toLowerCase(Locale.ROOT);
    if (!logFormat.equals("auto") && !logFormat.equals("text") && !logFormat.equals("json")) {
      throw new ConfigException("logFormat (REDWIRE_LOG_FORMAT) must be auto, text or json");
    }
    if (logFormat.equals("auto")) {
      logFormat = profile == AppConfig.Profile.PROD ? "json" : "text";
    }
    AppConfig.Locks locks = new AppConfig.Locks(lockNodes(t.text("locks.nodes")),
        t.range("locks.maxTtlMs", 1, 86_400_000L),
        t.range("locks.retryMinMs", 1, 60_000),
        t.range("locks.retryMaxMs", 1, 60_000),
        t.fraction("locks.clockDriftFactor"));
    if (locks.retryMaxMs() < locks.retryMinMs()) {
      throw new ConfigException("locks.retryMaxMs must be >= locks.retryMinMs");
    }
    AppConfig.Profiles profiles = new AppConfig.Profiles(
        (int) t.range("profiles.maxFields", 1, 100_000),
        (int) t.range("profiles.maxValueLength", 1, 16 * 1024 * 1024));
    AppConfig.Visitors visitors = new AppConfig.Visitors((int) t.range("visitors.retentionDays", 1, 3650));
    return new AppConfig(profile, logFormat, http, redis, keys, rateLimit, sessions, locks, profiles, visitors);
  }

  private static String redisUrl(Tree t, String path) {
    String url = t.text(path).trim();
    if (url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new ConfigException(path + " must start with redis:// or rediss://");
    }
    return url;
  }

  /** A PEM file of CA certificates for rediss://, checked now so a typo fails at startup. */
  private static String tlsCaFile(String path) {
    String file = path.trim();
    if (!file.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
      throw new ConfigException("redis.tlsCaFile (REDWIRE_REDIS_TLS_CA_FILE) is not a readable file: " + file);
    }
    return file;
  }

  /** Redlock nodes: empty, or 3+ redis:// URLs. */
  static java.util.List<String> lockNodes(String spec) {
    java.util.List<String> nodes = new java.util.ArrayList<>();
    for (String part : spec.split(",")) {
      String url = part.trim();
      if (url.isEmpty()) {
        continue;
      }
      if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
        throw new ConfigException("REDWIRE_LOCK_NODES entries must start with redis:// or rediss://");
      }
      nodes.add(url);
    }
    if (!nodes.isEmpty() && nodes.size() < 3) {
      throw new ConfigException("REDWIRE_LOCK_NODES needs 3 or more independent Redis nodes for Redlock, got "
          + nodes.size());
    }
    return java.util.List.copyOf(nodes);
  }

  /** Parses {@code N/Ws} (also ms, m, h): N requests per window, checked per request (no leases). */
  public static AppConfig.RateLimit parseRate(String spec, boolean enabled) {
    Matcher m = RATE.matcher(spec.trim());
    if (!m.matches()) {
      throw new ConfigException("rate limit (REDWIRE_RATE_LIMIT) must look like 6000/60s, got '" + spec + "'");
    }
    long limit = Long.parseLong(m.group(1));
    long amount = Long.parseLong(m.group(2));
    long unitMs = switch (m.group(3)) {
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
    long windowMs = amount * unitMs;
    if (limit < 1 || windowMs < 1000 || windowMs > 86_400_000L) {
      throw new ConfigException("rate limit needs N >= 1 and a window of 1s..24h, got '" + spec + "'");
    }
    return new AppConfig.RateLimit(enabled, limit, windowMs, 1, 0);
  }

  /** Parses {@code key:role,key:role}; role is admin or service. */
  public static Map<String, String> parseApiKeys(String spec) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.lastIndexOf(':');
      if (colon <= 0) {
        throw new ConfigException("REDWIRE_API_KEYS entries must be key:role");
      }
      String key = p.substring(0, colon);
      String role = p.substring(colon + 1).toLowerCase(Locale.ROOT);
      if (!role.equals("admin") && !role.equals("service")) {
        throw new ConfigException("REDWIRE_API_KEYS role must be admin or service, got '" + role + "'");
      }
      if (!ROLE_KEY.matcher(key).matches()) {
        throw new ConfigException("REDWIRE_API_KEYS keys must be 16-256 characters of [A-Za-z0-9_.~+/=-]");
      }
      keys.put(key, role);
    }
    return Map.copyOf(keys);
  }

  /** Typed reads with the path in every error message. */
  private record Tree(ObjectNode root) {
    JsonNode node(String path) {
      JsonNode n = root;
      for (String part : path.split("\\.")) {
        n = n == null ? null : n.get(part);
      }
      if (n == null || n.isNull()) {
        throw new ConfigException("configuration key " + path + " is missing");
      }
      return n;
    }

    String text(String path) {
      return node(path).asText();
    }

    boolean bool(String path) {
      String v = text(path).trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        return Boolean.parseBoolean(v);
      }
      throw new ConfigException(path + " must be true or false, got '" + v + "'");
    }

    double fraction(String path) {
      String v = text(path).trim();
      try {
        double d = Double.parseDouble(v);
        if (d >= 0 && d < 1) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(path + " must be a number in [0, 1), got '" + v + "'");
    }

    long range(String path, long min, long max) {
      String v = text(path).trim();
      long value;
      try {
        value = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new ConfigException(path + " must be a whole number, got '" + v + "'");
      }
      if (value < min || value > max) {
        throw new ConfigException(path + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }
  }
}
