package io.redwire.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code conf/application.yaml} (the copy shipped in the jar, then the one in the working directory
 * or at {@code REDWIRE_CONFIG}), applies the environment overrides named in {@link #ENV_OVERRIDES}, and
 * binds the result to {@link AppConfig}, whose records check their values. The env mapping is explicit on
 * purpose: names are part of the deployment contract.
 */
public final class ConfigLoader {

  /** Environment variable to YAML path. */
  public static final Map<String, String> ENV_OVERRIDES = envOverrides();

  private static final Map<String, String> VARIABLES = ENV_OVERRIDES.entrySet().stream()
      .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
  private static final String DEFAULTS_RESOURCE = "conf/application.yaml";
  /**
   * Strict binding: unknown keys, missing values, fractions for whole numbers and unknown enum names are
   * errors; text is accepted for numbers and booleans because environment variables are text.
   */
  private static final ObjectMapper BINDER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

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
    m.put("REDWIRE_HTTP_MAX_CONNECTIONS", "http.maxConnections");
    m.put("REDWIRE_HTTP_HEADER_TIMEOUT_MS", "http.headerTimeoutMs");
    m.put("REDWIRE_HTTP_BODY_TIMEOUT_MS", "http.bodyTimeoutMs");
    m.put("REDWIRE_CORS_ALLOWED_ORIGINS", "http.corsAllowedOrigins");
    m.put("REDWIRE_ACCESS_LOG", "http.accessLog");
    m.put("REDWIRE_LOG_FORMAT", "logFormat");
    m.put("REDWIRE_REDIS_TYPE", "redis.type");
    m.put("REDIS_URL", "redis.url");
    m.put("REDWIRE_REDIS_MASTER_NAME", "redis.masterName");
    m.put("REDWIRE_REDIS_CACHE_TYPE", "redis.cacheType");
    m.put("REDWIRE_REDIS_CACHE_MASTER_NAME", "redis.cacheMasterName");
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
    m.put("REDWIRE_REDIS_MIN_REPLICAS_ACK", "redis.minReplicasAck");
    m.put("REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS", "redis.replicaAckTimeoutMs");
    m.put("REDWIRE_API_KEYS", "auth.apiKeys");
    m.put("REDWIRE_AUTH_TOKEN_MISS_LIMIT", "auth.tokenMissLimit");
    m.put("REDWIRE_AUTH_TOKEN_MISS_WINDOW_MS", "auth.tokenMissWindowMs");
    m.put("REDWIRE_PUBLIC_LEADERBOARDS", "realtime.publicLeaderboards");
    m.put("REDWIRE_DURABLE_CHANNELS", "realtime.durableChannels");
    m.put("REDWIRE_CHANNEL_HISTORY_SIZE", "realtime.historySize");
    m.put("REDWIRE_CHANNEL_HISTORY_MAX_AGE_SECONDS", "realtime.historyMaxAgeSeconds");
    m.put("REDWIRE_WS_MAX_CONNECTIONS", "realtime.maxConnections");
    m.put("REDWIRE_WS_MAX_SUBSCRIPTIONS", "realtime.maxSubscriptionsPerConnection");
    m.put("REDWIRE_WS_MAX_FRAME_BYTES", "realtime.maxFrameBytes");
    m.put("REDWIRE_NOTIFICATION_MAX_PAYLOAD_BYTES", "realtime.maxPayloadBytes");
    m.put("REDWIRE_WS_PING_INTERVAL_MS", "realtime.pingIntervalMs");
    m.put("REDWIRE_WS_IDLE_TIMEOUT_MS", "realtime.idleTimeoutMs");
    m.put("REDWIRE_WS_AUTH_TIMEOUT_MS", "realtime.authTimeoutMs");
    m.put("REDWIRE_WS_WRITE_QUEUE_BYTES", "realtime.writeQueueBytes");
    m.put("REDWIRE_WS_SLOW_CLIENT_GRACE_MS", "realtime.slowClientGraceMs");
    m.put("REDWIRE_LEADERBOARD_FEED_INTERVAL_MS", "realtime.leaderboardIntervalMs");
    m.put("REDWIRE_LEADERBOARD_FEED_MAX_WINDOW", "realtime.maxLeaderboardWindow");
    m.put("REDWIRE_STREAM_ORDERS_MAXLEN", "streams.ordersMaxLen");
    m.put("REDWIRE_STREAM_MAXLEN", "streams.defaultMaxLen");
    m.put("REDWIRE_STREAM_DEAD_LETTER_MAXLEN", "streams.deadLetterMaxLen");
    m.put("REDWIRE_STREAM_MAX_EVENT_BYTES", "streams.maxEventBytes");
    m.put("REDWIRE_ORDER_MAX_AMOUNT_CENTS", "streams.maxOrderAmountCents");
    m.put("REDWIRE_ORDER_DEFAULT_CURRENCY", "streams.defaultCurrency");
    m.put("REDWIRE_ORDER_IDEMPOTENCY_SECONDS", "streams.idempotencyRetentionSeconds");
    m.put("HOSTNAME", "streams.consumerName");
    m.put("REDWIRE_STREAM_BATCH", "streams.consumerBatch");
    m.put("REDWIRE_STREAM_BLOCK_MS", "streams.blockMs");
    m.put("REDWIRE_STREAM_CLAIM_IDLE_MS", "streams.claimIdleMs");
    m.put("REDWIRE_STREAM_CLAIM_INTERVAL_MS", "streams.claimIntervalMs");
    m.put("REDWIRE_STREAM_MAX_DELIVERIES", "streams.maxDeliveries");
    m.put("REDWIRE_STREAM_CONSUMER_REMOVE_IDLE_MS", "streams.consumerRemoveIdleMs");
    m.put("REDWIRE_STREAM_MAX_READ_BLOCK_MS", "streams.maxReadBlockMs");
    m.put("REDWIRE_STREAM_READ_CONNECTIONS", "streams.readConnections");
    m.put("REDWIRE_STREAM_GAUGE_GROUPS_MAX", "streams.gaugeGroupsMax");
    m.put("REDWIRE_QUEUE_HANDLERS", "queues.handlers");
    m.put("REDWIRE_QUEUE_CONCURRENCY", "queues.concurrency");
    m.put("REDWIRE_QUEUE_CONCURRENCY_PER_QUEUE", "queues.concurrencyPerQueue");
    m.put("REDWIRE_QUEUE_RATE_LIMITS", "queues.rateLimits");
    m.put("REDWIRE_QUEUE_GROUP_CONCURRENCY", "queues.groupConcurrency");
    m.put("REDWIRE_QUEUE_GROUP_RATE_LIMITS", "queues.groupRateLimits");
    m.put("REDWIRE_QUEUE_BATCH_SIZE", "queues.batchSize");
    m.put("REDWIRE_QUEUE_LEASE_MS", "queues.leaseMs");
    m.put("REDWIRE_QUEUE_MAX_LEASE_MS", "queues.maxLeaseMs");
    m.put("REDWIRE_QUEUE_BLOCK_MS", "queues.blockMs");
    m.put("REDWIRE_QUEUE_REAP_INTERVAL_MS", "queues.reapIntervalMs");
    m.put("REDWIRE_QUEUE_COMPLETED_RETENTION_SECONDS", "queues.completedRetentionSeconds");
    m.put("REDWIRE_QUEUE_COMPLETED_MAX", "queues.completedMax");
    m.put("REDWIRE_QUEUE_FAILED_RETENTION_SECONDS", "queues.failedRetentionSeconds");
    m.put("REDWIRE_QUEUE_FAILED_MAX", "queues.failedMax");
    m.put("REDWIRE_QUEUE_RESERVE_CONNECTIONS", "queues.reserveConnections");
    m.put("REDWIRE_QUEUE_MAX_PAYLOAD_BYTES", "queues.maxPayloadBytes");
    m.put("REDWIRE_QUEUE_MAX_BACKOFF_MS", "queues.maxBackoffMs");
    m.put("REDWIRE_QUEUE_EVENTS", "queues.events");
    m.put("REDWIRE_WEBHOOK_ALLOWED_HOSTS", "queues.webhookAllowedHosts");
    m.put("REDWIRE_WEBHOOK_ALLOW_PRIVATE", "queues.webhookAllowPrivate");
    m.put("REDWIRE_WEBHOOK_SECRET", "queues.webhookSecret");
    m.put("REDWIRE_WEBHOOK_TIMEOUT_MS", "queues.webhookTimeoutMs");
    m.put("REDWIRE_QUEUE_HANDLER_SETTINGS", "queues.handlerSettings");
    m.put("REDWIRE_METRICS_REDIS_INFO_CACHE_MS", "ops.redisInfoCacheMs");
    m.put("REDWIRE_READINESS_CACHE_MS", "ops.readinessCacheMs");
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
    m.put("REDWIRE_LEADERBOARDS_RETENTION_DAILY_DAYS", "leaderboards.retentionDailyDays");
    m.put("REDWIRE_LEADERBOARDS_RETENTION_WEEKLY_DAYS", "leaderboards.retentionWeeklyDays");
    m.put("REDWIRE_LEADERBOARDS_RETENTION_MONTHLY_DAYS", "leaderboards.retentionMonthlyDays");
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
    return bind(tree);
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

  /** The environment variable that overrides {@code key}, or null. */
  static String variableOf(String key) {
    return VARIABLES.get(key);
  }

  /** Binds the merged tree; Jackson's errors become ConfigExceptions that name the key and its variable. */
  private static AppConfig bind(ObjectNode tree) {
    try {
      return BINDER.treeToValue(tree, AppConfig.class);
    } catch (JsonMappingException e) {
      ConfigException own = ownCause(e);
      if (own != null) {
        throw own;
      }
      throw translate(e);
    } catch (JsonProcessingException e) {
      throw new ConfigException("configuration cannot be read: " + e.getOriginalMessage());
    }
  }

  private static ConfigException ownCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    return null;
  }

  private static ConfigException translate(JsonMappingException e) {
    String key = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
        .collect(Collectors.joining("."));
    if (e instanceof UnrecognizedPropertyException) {
      return new ConfigException("unknown configuration key " + key);
    }
    if (e instanceof InvalidFormatException f) {
      return Check.error(key, "must be " + expected(f.getTargetType()) + ", got '" + f.getValue() + "'");
    }
    if (e instanceof MismatchedInputException m && m.getMessage() != null && m.getMessage().contains("null")) {
      return new ConfigException("configuration key " + key + " is missing");
    }
    return Check.error(key, "cannot be used: " + e.getOriginalMessage());
  }

  private static String expected(Class<?> type) {
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
    return "a " + type.getSimpleName();
  }
}
