package io.redwire.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole configuration: {@code conf/application.yaml} with the environment overrides of
 * {@link ConfigLoader#ENV_OVERRIDES}, bound by Jackson. Each record is one YAML section; its compact
 * constructor checks its values, naming the key (and its variable) in the error. Adding a setting is a
 * component here with its check, a documented line in application.yaml and a row in the override table.
 * Immutable.
 */
public record AppConfig(
    Profile profile,
    String logFormat,
    Http http,
    Redis redis,
    Auth auth,
    RateLimit rateLimit,
    Sessions sessions,
    Locks locks,
    Profiles profiles,
    Visitors visitors,
    Leaderboards leaderboards,
    Realtime realtime,
    Streams streams,
    Queues queues,
    Ops ops) {

  public enum Profile { DEV, PROD }

  /** How a Redis endpoint is deployed: one server, a Redis Cluster, or a master found through sentinels. */
  public enum RedisType { STANDALONE, CLUSTER, SENTINEL }

  /** Resolves logFormat "auto", and in dev gives an empty key list one generated admin key. */
  public AppConfig {
    logFormat = Check.oneOf("logFormat", logFormat.trim().toLowerCase(Locale.ROOT), "auto", "text", "json");
    if (logFormat.equals("auto")) {
      logFormat = profile == Profile.PROD ? "json" : "text";
    }
    if (auth.apiKeys().isEmpty()) {
      if (profile == Profile.PROD) {
        throw Check.error("auth.apiKeys", "is empty; the prod profile needs at least one key:role pair");
      }
      auth = auth.withGeneratedAdminKey();
    }
  }

  public boolean isDev() {
    return profile == Profile.DEV;
  }

  /** API key to role name ("admin" or "service"). */
  public Map<String, String> apiKeys() {
    return auth.apiKeys();
  }

  /**
   * maxConnections bounds open client connections per replica; headerTimeoutMs is how long a connection
   * may take to send a request's headers (from connect, or from the end of its previous response), and
   * bodyTimeoutMs how long a request may take to send its body once its headers are in.
   */
  public record Http(int port, String host, int instances, long bodyLimitBytes, int retryAfterSeconds, boolean h2c,
      boolean trustForwarded, boolean strictThreads, int maxConnections, long headerTimeoutMs, long bodyTimeoutMs,
      @JsonDeserialize(using = CommaSeparated.class) List<String> corsAllowedOrigins, boolean accessLog) {
    public Http {
      Check.range("http.port", port, 0, 65535);
      Check.range("http.instances", instances, 0, 256);
      Check.range("http.bodyLimitBytes", bodyLimitBytes, 1024, 1L << 30);
      Check.range("http.retryAfterSeconds", retryAfterSeconds, 1, 3600);
      Check.range("http.maxConnections", maxConnections, 1, 1_000_000);
      Check.range("http.headerTimeoutMs", headerTimeoutMs, 100, 600_000);
      Check.range("http.bodyTimeoutMs", bodyTimeoutMs, 100, 3_600_000);
      for (String origin : corsAllowedOrigins) {
        if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
          throw Check.error("http.corsAllowedOrigins", "entries must be * or scheme://host[:port], got '" + origin + "'");
        }
      }
      corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    }
  }

  /**
   * url and cacheUrl are null when not configured: then defaultUrl is tried, and in dev an embedded Redis
   * is started when nothing answers there; without a cache URL the durable Redis serves both roles. For a
   * cluster a URL is a comma-separated list of seed nodes; for sentinel, of sentinels, with the master name.
   * minReplicasAck above 0 makes a durable write a success only once that many replicas confirmed it
   * (WAIT, at most replicaAckTimeoutMs).
   */
  public record Redis(
      RedisType type,
      String url,
      String masterName,
      String defaultUrl,
      RedisType cacheType,
      String cacheUrl,
      String cacheMasterName,
      String keyPrefix,
      long commandTimeoutMs,
      int connectTimeoutMs,
      long healthTimeoutMs,
      int maxInFlightPerConnection,
      int poolSize,
      int poolWaiting,
      long reconnectMinMs,
      long reconnectMaxMs,
      int embeddedPort,
      String tlsCaFile,
      boolean tlsVerifyHost,
      int minReplicasAck,
      long replicaAckTimeoutMs) {

    public Redis {
      url = Check.redisUrls("redis.url", type, url);
      masterName = Check.masterName("redis.masterName", type, masterName);
      defaultUrl = Check.redisUrl("redis.defaultUrl", defaultUrl);
      if (defaultUrl == null) {
        throw Check.error("redis.defaultUrl", "must not be empty");
      }
      if (type != RedisType.STANDALONE && url == null) {
        throw Check.error("redis.url", "must list the " + (type == RedisType.CLUSTER ? "cluster's seed nodes" : "sentinels")
            + " for redis.type " + type.name().toLowerCase(Locale.ROOT) + "; the list is empty");
      }
      cacheUrl = Check.redisUrls("redis.cacheUrl", cacheType, cacheUrl);
      cacheMasterName = Check.masterName("redis.cacheMasterName", cacheType, cacheMasterName);
      if (cacheType != RedisType.STANDALONE && cacheUrl == null) {
        throw Check.error("redis.cacheUrl", "must list the cache endpoint's nodes for redis.cacheType "
            + cacheType.name().toLowerCase(Locale.ROOT) + "; the list is empty");
      }
      Check.range("redis.commandTimeoutMs", commandTimeoutMs, 10, 600_000);
      Check.range("redis.connectTimeoutMs", connectTimeoutMs, 10, 600_000);
      Check.range("redis.healthTimeoutMs", healthTimeoutMs, 10, 60_000);
      Check.range("redis.maxInFlightPerConnection", maxInFlightPerConnection, 16, 1_000_000);
      Check.range("redis.poolSize", poolSize, 1, 1024);
      Check.range("redis.poolWaiting", poolWaiting, 1, 1_000_000);
      Check.range("redis.reconnectMinMs", reconnectMinMs, 1, 60_000);
      Check.range("redis.reconnectMaxMs", reconnectMaxMs, 1, 600_000);
      if (reconnectMaxMs < reconnectMinMs) {
        throw Check.error("redis.reconnectMaxMs", "must be >= redis.reconnectMinMs");
      }
      Check.range("redis.embeddedPort", embeddedPort, 0, 65535);
      tlsCaFile = Check.readableFileOrEmpty("redis.tlsCaFile", tlsCaFile);
      Check.replicaAcks(minReplicasAck, replicaAckTimeoutMs);
    }
  }

  /**
   * apiKeys: key to role ("admin" or "service"), from {@code key:role,key:role}; generated: true when
   * the dev profile made up the one admin key because none was configured.
   */
  public record Auth(Map<String, String> apiKeys, int tokenMissLimit, long tokenMissWindowMs, boolean generated) {
    public Auth {
      apiKeys = Map.copyOf(apiKeys);
      Check.range("auth.tokenMissLimit", tokenMissLimit, 1, 1_000_000);
      Check.range("auth.tokenMissWindowMs", tokenMissWindowMs, 100, 3_600_000);
    }

    /** What the YAML section binds to: everything but {@code generated}. */
    @JsonCreator
    Auth(@JsonProperty("apiKeys") @JsonDeserialize(using = ApiKeysDeserializer.class) Map<String, String> apiKeys,
        @JsonProperty("tokenMissLimit") int tokenMissLimit, @JsonProperty("tokenMissWindowMs") long tokenMissWindowMs) {
      this(apiKeys, tokenMissLimit, tokenMissWindowMs, false);
    }

    /** Dev without keys: one admin key for this run, printed once at startup and never stored. */
    Auth withGeneratedAdminKey() {
      return new Auth(Map.of(ApiKeysDeserializer.newDevKey(), "admin"), tokenMissLimit, tokenMissWindowMs, true);
    }
  }

  /** How often the Redis figures of /metrics are read, and how long a readiness answer is reused. */
  /**
   * Job queues. {@code handlers} binds queues to handlers ({@code queue:handler}, the handler after the last
   * ':'), built-in or provided by a JobHandlerProvider on the classpath (checked when the queues start,
   * {@link #checkHandlers}); a queue without one is served to HTTP workers (reserve/ack). The per-queue lists
   * ({@code concurrencyPerQueue}, {@code rateLimits}, {@code groupConcurrency}, {@code groupRateLimits}) are
   * {@code queue:value} entries, the value after the last ':'. {@code handlerSettings} holds provided
   * handlers' own settings, {@code name.key=value,...}.
   */
  public record Queues(
      @JsonDeserialize(using = CommaSeparated.class) List<String> handlers,
      int concurrency,
      @JsonDeserialize(using = CommaSeparated.class) List<String> concurrencyPerQueue,
      @JsonDeserialize(using = CommaSeparated.class) List<String> rateLimits,
      @JsonDeserialize(using = CommaSeparated.class) List<String> groupConcurrency,
      @JsonDeserialize(using = CommaSeparated.class) List<String> groupRateLimits,
      int batchSize,
      long leaseMs,
      long maxLeaseMs,
      long blockMs,
      long reapIntervalMs,
      long completedRetentionSeconds,
      int completedMax,
      long failedRetentionSeconds,
      int failedMax,
      int reserveConnections,
      int maxPayloadBytes,
      long maxBackoffMs,
      boolean events,
      String webhookAllowedHosts,
      boolean webhookAllowPrivate,
      String webhookSecret,
      long webhookTimeoutMs,
      String handlerSettings) {
    /** The built-in handlers. */
    public static final List<String> HANDLER_NAMES = List.of("noop", "webhooks", "notifications");
    /** What a handler may be called, built-in or provided. */
    public static final Pattern HANDLER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SETTING = Pattern.compile("([a-z0-9][a-z0-9_-]{0,63})\\.([A-Za-z0-9_.-]{1,128})=(.*)", Pattern.DOTALL);
    private static final Pattern QUEUE_NAME = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,253}|\\[[0-9a-f:.]+]");

    public Queues {
      for (String binding : handlers) {
        int colon = binding.lastIndexOf(':');
        if (colon <= 0 || colon == binding.length() - 1) {
          throw error("queues.handlers", "entries are queue:handler, got '" + binding + "'");
        }
        if (!QUEUE_NAME.matcher(binding.substring(0, colon)).matches()) {
          throw error("queues.handlers", "'" + binding.substring(0, colon) + "' is not a queue name");
        }
        String handler = binding.substring(colon + 1);
        if (!HANDLER_NAME.matcher(handler).matches()) {
          throw error("queues.handlers", "'" + handler + "' is not a handler name (1-64 characters of a-z 0-9 _ -)");
        }
      }
      handlers = List.copyOf(handlers);
      handlerSettings = handlerSettings == null ? "" : handlerSettings;
      for (String entry : CommaSeparated.split(handlerSettings)) {
        if (!SETTING.matcher(entry).matches() || entry.chars().anyMatch(Character::isISOControl)) {
          throw error("queues.handlerSettings", "entries are handler.key=value, got '" + entry + "'");
        }
      }
      Check.range("queues.concurrency", concurrency, 1, 10_000);
      concurrencyPerQueue = List.copyOf(concurrencyPerQueue);
      byQueue("queues.concurrencyPerQueue", concurrencyPerQueue)
          .forEach((q, n) -> Check.range("queues.concurrencyPerQueue", count("queues.concurrencyPerQueue", n), 1, 10_000));
      rateLimits = List.copyOf(rateLimits);
      byQueue("queues.rateLimits", rateLimits).values().forEach(r -> Rate.parse("queues.rateLimits", r));
      groupConcurrency = List.copyOf(groupConcurrency);
      byQueue("queues.groupConcurrency", groupConcurrency)
          .forEach((q, n) -> Check.range("queues.groupConcurrency", count("queues.groupConcurrency", n), 1, 10_000));
      groupRateLimits = List.copyOf(groupRateLimits);
      byQueue("queues.groupRateLimits", groupRateLimits).values().forEach(r -> Rate.parse("queues.groupRateLimits", r));
      Check.range("queues.batchSize", batchSize, 1, 1000);
      Check.range("queues.maxLeaseMs", maxLeaseMs, 1000, 86_400_000L);
      Check.range("queues.leaseMs", leaseMs, 1000, maxLeaseMs);
      Check.range("queues.blockMs", blockMs, 100, 60_000);
      Check.range("queues.reapIntervalMs", reapIntervalMs, 50, 600_000);
      Check.range("queues.completedRetentionSeconds", completedRetentionSeconds, 1, 2_592_000);
      Check.range("queues.completedMax", completedMax, 1, 10_000_000);
      Check.range("queues.failedRetentionSeconds", failedRetentionSeconds, 1, 31_536_000);
      Check.range("queues.failedMax", failedMax, 1, 10_000_000);
      Check.range("queues.reserveConnections", reserveConnections, 1, 1000);
      Check.range("queues.maxPayloadBytes", maxPayloadBytes, 16, 16_777_216);
      Check.range("queues.maxBackoffMs", maxBackoffMs, 1, 86_400_000L);
      webhookAllowedHosts = webhookAllowedHosts == null ? "" : webhookAllowedHosts;
      for (String host : allowedHosts(webhookAllowedHosts)) {
        if (!HOST.matcher(host).matches()) {
          throw error("queues.webhookAllowedHosts", "'" + host + "' is not a host name or IP address");
        }
      }
      webhookSecret = webhookSecret == null ? "" : webhookSecret;
      if (webhookSecret.chars().anyMatch(Character::isISOControl)) {
        throw error("queues.webhookSecret", "must not contain control characters");
      }
      Check.range("queues.webhookTimeoutMs", webhookTimeoutMs, 100, 600_000);
      if (webhookTimeoutMs >= leaseMs) {
        throw error("queues.webhookTimeoutMs", "must be shorter than queues.leaseMs, or a slow target's job is redelivered while it runs");
      }
    }

    /** The webhook hosts, lower case; split here (not trimmed of control characters, which are refused). */
    public List<String> webhookHosts() {
      return allowedHosts(webhookAllowedHosts);
    }

    private static List<String> allowedHosts(String list) {
      return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(h -> !h.isEmpty())
          .map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Every binding and every setting names an available handler (a built-in or a provided one); startup
     * stops naming the key otherwise.
     */
    public void checkHandlers(java.util.Collection<String> available) {
      handlerByQueue().forEach((queue, handler) -> {
        if (!available.contains(handler)) {
          throw error("queues.handlers", "binds queue '" + queue + "' to unknown handler '" + handler
              + "' (available: " + String.join(", ", available) + "; Java handlers come from a JobHandlerProvider"
              + " jar on the classpath)");
        }
      });
      for (String entry : CommaSeparated.split(handlerSettings)) {
        java.util.regex.Matcher m = SETTING.matcher(entry);
        if (m.matches() && !available.contains(m.group(1))) {
          throw error("queues.handlerSettings", "names unknown handler '" + m.group(1) + "' (available: "
              + String.join(", ", available) + ")");
        }
      }
    }

    /** The settings of one handler ({@code handlerSettings} entries for it), key to value. */
    public Map<String, String> settingsOf(String handler) {
      Map<String, String> settings = new java.util.LinkedHashMap<>();
      for (String entry : CommaSeparated.split(handlerSettings)) {
        java.util.regex.Matcher m = SETTING.matcher(entry);
        if (m.matches() && m.group(1).equals(handler)) {
          settings.put(m.group(2), m.group(3));
        }
      }
      return settings;
    }

    /** How many jobs of {@code queue} one replica's worker runs at once. */
    public int concurrencyOf(String queue) {
      String n = byQueue("queues.concurrencyPerQueue", concurrencyPerQueue).get(queue);
      return n == null ? concurrency : (int) count("queues.concurrencyPerQueue", n);
    }

    /** The configured rate limit of {@code queue} (jobs taken per window across replicas), or null. */
    public Rate rateLimitOf(String queue) {
      String r = byQueue("queues.rateLimits", rateLimits).get(queue);
      return r == null ? null : Rate.parse("queues.rateLimits", r);
    }

    /** The configured most active jobs of one group of {@code queue} across replicas, or 0 (none). */
    public int groupConcurrencyOf(String queue) {
      String n = byQueue("queues.groupConcurrency", groupConcurrency).get(queue);
      return n == null ? 0 : (int) count("queues.groupConcurrency", n);
    }

    /** The configured rate limit of each group of {@code queue}, or null. */
    public Rate groupRateLimitOf(String queue) {
      String r = byQueue("queues.groupRateLimits", groupRateLimits).get(queue);
      return r == null ? null : Rate.parse("queues.groupRateLimits", r);
    }

    /** {@code queue:value} entries by queue; a bad queue name or a queue named twice is an error of {@code key}. */
    private static Map<String, String> byQueue(String key, List<String> entries) {
      Map<String, String> values = new java.util.LinkedHashMap<>();
      for (String entry : entries) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
          throw error(key, "entries are queue:value, got '" + entry + "'");
        }
        String queue = entry.substring(0, colon);
        if (!QUEUE_NAME.matcher(queue).matches()) {
          throw error(key, "'" + queue + "' is not a queue name");
        }
        if (values.put(queue, entry.substring(colon + 1).strip()) != null) {
          throw error(key, "names queue '" + queue + "' twice");
        }
      }
      return values;
    }

    private static long count(String key, String value) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw error(key, "values are whole numbers, got '" + value + "'");
      }
    }

    /** The handler bound to each queue. */
    public Map<String, String> handlerByQueue() {
      Map<String, String> bound = new java.util.LinkedHashMap<>();
      for (String binding : handlers) {
        int colon = binding.lastIndexOf(':');
        bound.put(binding.substring(0, colon), binding.substring(colon + 1));
      }
      return bound;
    }

    private static ConfigException error(String key, String problem) {
      return Check.error(key, problem);
    }
  }

  public record Ops(long redisInfoCacheMs, long readinessCacheMs) {
    public Ops {
      Check.range("ops.redisInfoCacheMs", redisInfoCacheMs, 0, 600_000);
      Check.range("ops.readinessCacheMs", readinessCacheMs, 0, 60_000);
    }
  }

  /**
   * leaseMax 1 checks every request in Redis; above 1 each event loop may serve a busy principal from a
   * local lease of up to leaseMax requests that lives at most leaseMs.
   */
  public record RateLimit(Rate perPrincipal, boolean enabled, long leaseMax, long leaseMs) {
    public RateLimit {
      Check.range("rateLimit.leaseMax", leaseMax, 1, 100_000);
      Check.range("rateLimit.leaseMs", leaseMs, 1, 10_000);
    }

    public long limit() {
      return perPrincipal.limit();
    }

    public long windowMs() {
      return perPrincipal.windowMs();
    }

    public boolean leased() {
      return leaseMax > 1;
    }
  }

  /** {@code N/Ws} (also ms, m, h): N requests per window. */
  public record Rate(long limit, long windowMs) {

    private static final Pattern SPEC = Pattern.compile("(\\d{1,18})\\s*/\\s*(\\d{1,9})\\s*(ms|s|m|h)");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Rate parse(String spec) {
      return parse("rateLimit.perPrincipal", spec);
    }

    /** {@code spec} as the value of the setting {@code key}, which an error names. */
    public static Rate parse(String key, String spec) {
      Matcher m = SPEC.matcher(spec.trim());
      if (!m.matches()) {
        throw Check.error(key, "must look like 6000/60s, got '" + spec + "'");
      }
      long unitMs = switch (m.group(3)) {
        case "ms" -> 1;
        case "s" -> 1000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      long limit = Long.parseLong(m.group(1));
      long windowMs = Long.parseLong(m.group(2)) * unitMs;
      if (limit < 1 || windowMs < 1000 || windowMs > 86_400_000L) {
        throw Check.error(key, "needs N >= 1 and a window of 1s..24h, got '" + spec + "'");
      }
      return new Rate(limit, windowMs);
    }
  }

  public record Sessions(long defaultTtlSeconds, long maxTtlSeconds) {
    public Sessions {
      Check.range("sessions.defaultTtlSeconds", defaultTtlSeconds, 1, 2_592_000);
      Check.range("sessions.maxTtlSeconds", maxTtlSeconds, 1, 2_592_000);
      if (defaultTtlSeconds > maxTtlSeconds) {
        throw Check.error("sessions.defaultTtlSeconds", "must be <= sessions.maxTtlSeconds");
      }
    }
  }

  /** nodes is empty unless Redlock mode is configured (then 3 or more URLs). */
  public record Locks(@JsonDeserialize(using = CommaSeparated.class) List<String> nodes, long maxTtlMs,
      long retryMinMs, long retryMaxMs, double clockDriftFactor) {
    public Locks {
      for (String node : nodes) {
        Check.redisUrl("locks.nodes", node);
      }
      if (!nodes.isEmpty() && nodes.size() < 3) {
        throw Check.error("locks.nodes", "needs 3 or more independent Redis nodes for Redlock, got " + nodes.size());
      }
      nodes = List.copyOf(nodes);
      Check.range("locks.maxTtlMs", maxTtlMs, 1, 86_400_000L);
      Check.range("locks.retryMinMs", retryMinMs, 1, 60_000);
      Check.range("locks.retryMaxMs", retryMaxMs, 1, 60_000);
      if (retryMaxMs < retryMinMs) {
        throw Check.error("locks.retryMaxMs", "must be >= locks.retryMinMs");
      }
      if (!(clockDriftFactor >= 0 && clockDriftFactor < 1)) {
        throw Check.error("locks.clockDriftFactor", "must be a number in [0, 1), got " + clockDriftFactor);
      }
    }
  }

  public record Profiles(int maxFields, int maxValueLength) {
    public Profiles {
      Check.range("profiles.maxFields", maxFields, 1, 100_000);
      Check.range("profiles.maxValueLength", maxValueLength, 1, 16 * 1024 * 1024);
    }
  }

  public record Visitors(int retentionDays) {
    public Visitors {
      Check.range("visitors.retentionDays", retentionDays, 1, 3650);
    }
  }

  /**
   * The WebSocket endpoint, the Pub/Sub bridge and notifications. durableChannels are glob patterns
   * ({@code *} matches any run of characters) of broadcast channels that keep a history for recovery.
   */
  public record Realtime(
      boolean publicLeaderboards,
      @JsonDeserialize(using = CommaSeparated.class) List<String> durableChannels,
      int historySize,
      long historyMaxAgeSeconds,
      int maxConnections,
      int maxSubscriptionsPerConnection,
      int maxFrameBytes,
      int maxPayloadBytes,
      long pingIntervalMs,
      long idleTimeoutMs,
      long authTimeoutMs,
      int writeQueueBytes,
      long slowClientGraceMs,
      long leaderboardIntervalMs,
      int maxLeaderboardWindow) {

    public Realtime {
      durableChannels = durableChannels == null ? List.of() : List.copyOf(durableChannels);
      for (String pattern : durableChannels) {
        if (!pattern.matches("[A-Za-z0-9._:*-]{1,128}")) {
          throw Check.error("realtime.durableChannels", "patterns are channel names with * wildcards, got '"
              + pattern + "'");
        }
      }
      Check.range("realtime.historySize", historySize, 1, 1_000_000);
      Check.range("realtime.historyMaxAgeSeconds", historyMaxAgeSeconds, 1, 30L * 86_400);
      Check.range("realtime.maxConnections", maxConnections, 1, 1_000_000);
      Check.range("realtime.maxSubscriptionsPerConnection", maxSubscriptionsPerConnection, 1, 10_000);
      Check.range("realtime.maxFrameBytes", maxFrameBytes, 256, 16 * 1024 * 1024);
      Check.range("realtime.maxPayloadBytes", maxPayloadBytes, 16, 16 * 1024 * 1024);
      Check.range("realtime.pingIntervalMs", pingIntervalMs, 100, 3_600_000);
      Check.range("realtime.idleTimeoutMs", idleTimeoutMs, 200, 3_600_000);
      if (idleTimeoutMs <= pingIntervalMs) {
        throw Check.error("realtime.idleTimeoutMs", "must be longer than realtime.pingIntervalMs, or every "
            + "client is closed before its pong can arrive");
      }
      Check.range("realtime.authTimeoutMs", authTimeoutMs, 100, 600_000);
      Check.range("realtime.writeQueueBytes", writeQueueBytes, 1024, 256 * 1024 * 1024);
      Check.range("realtime.slowClientGraceMs", slowClientGraceMs, 0, 600_000);
      Check.range("realtime.leaderboardIntervalMs", leaderboardIntervalMs, 10, 60_000);
      Check.range("realtime.maxLeaderboardWindow", maxLeaderboardWindow, 1, 1000);
    }
  }

  /**
   * How long a periodic board's period stays readable after it ends (its keys then expire); boards that
   * never reset are durable.
   */
  public record Leaderboards(int retentionDailyDays, int retentionWeeklyDays, int retentionMonthlyDays) {
    public Leaderboards {
      Check.range("leaderboards.retentionDailyDays", retentionDailyDays, 1, 3650);
      Check.range("leaderboards.retentionWeeklyDays", retentionWeeklyDays, 1, 3650);
      Check.range("leaderboards.retentionMonthlyDays", retentionMonthlyDays, 1, 3650);
    }
  }

  /**
   * Streams and the built-in orders stream (see {@code conf/application.yaml} for each setting). Amounts are
   * whole cents; the idempotency retention covers both a repeated POST of an orderId and the billing effect.
   */
  public record Streams(
      long ordersMaxLen,
      long defaultMaxLen,
      long deadLetterMaxLen,
      int maxEventBytes,
      long maxOrderAmountCents,
      String defaultCurrency,
      long idempotencyRetentionSeconds,
      String consumerName,
      int consumerBatch,
      long blockMs,
      long claimIdleMs,
      long claimIntervalMs,
      int maxDeliveries,
      long consumerRemoveIdleMs,
      long maxReadBlockMs,
      int readConnections,
      int gaugeGroupsMax) {

    public Streams {
      Check.range("streams.ordersMaxLen", ordersMaxLen, 1, 1_000_000_000L);
      Check.range("streams.defaultMaxLen", defaultMaxLen, 1, 1_000_000_000L);
      Check.range("streams.deadLetterMaxLen", deadLetterMaxLen, 1, 1_000_000_000L);
      Check.range("streams.maxEventBytes", maxEventBytes, 16, 16 * 1024 * 1024);
      Check.range("streams.maxOrderAmountCents", maxOrderAmountCents, 1, 1_000_000_000_000_000L);
      if (defaultCurrency == null || !defaultCurrency.matches("[A-Z]{3}")) {
        throw Check.error("streams.defaultCurrency", "must be an ISO 4217 code of three capital letters, got '"
            + defaultCurrency + "'");
      }
      Check.range("streams.idempotencyRetentionSeconds", idempotencyRetentionSeconds, 1, 365L * 86_400);
      consumerName = consumerName == null ? "" : consumerName;
      if (!consumerName.isEmpty() && !consumerName.matches("[A-Za-z0-9._:-]{1,128}")) {
        throw Check.error("streams.consumerName", "must be 1-128 characters of A-Z a-z 0-9 . _ : -, got '"
            + consumerName + "'");
      }
      Check.range("streams.consumerBatch", consumerBatch, 1, 10_000);
      Check.range("streams.blockMs", blockMs, 10, 60_000);
      Check.range("streams.claimIdleMs", claimIdleMs, 10, 86_400_000L);
      Check.range("streams.claimIntervalMs", claimIntervalMs, 10, 3_600_000L);
      Check.range("streams.maxDeliveries", maxDeliveries, 1, 1000);
      Check.range("streams.consumerRemoveIdleMs", consumerRemoveIdleMs, 1000, 30L * 86_400_000L);
      Check.range("streams.maxReadBlockMs", maxReadBlockMs, 0, 300_000);
      Check.range("streams.readConnections", readConnections, 1, 1024);
      Check.range("streams.gaugeGroupsMax", gaugeGroupsMax, 1, 10_000);
    }
  }
}
