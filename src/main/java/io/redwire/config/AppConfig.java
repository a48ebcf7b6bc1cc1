package io.redwire.config;

import java.util.Map;

/** The whole configuration, read once at startup by {@link ConfigLoader}. Immutable. */
public record AppConfig(
    Profile profile,
    String logFormat,
    Http http,
    Redis redis,
    Map<String, String> apiKeys,
    RateLimit rateLimit,
    Sessions sessions,
    Locks locks,
    Profiles profiles,
    Visitors visitors) {

  public enum Profile { DEV, PROD }

  public record Http(int port, String host, int instances, long bodyLimitBytes, int retryAfterSeconds, boolean h2c,
      boolean trustForwarded, boolean strictThreads) {}

  /**
   * url is null when not configured: then defaultUrl is tried, and in dev an embedded Redis is started
   * when nothing answers there.
   */
  public record Redis(
      String url,
      String defaultUrl,
      String cacheUrl,
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
      boolean tlsVerifyHost) {

    public Redis withUrl(String newUrl) {
      return new Redis(newUrl, defaultUrl, cacheUrl, keyPrefix, commandTimeoutMs, connectTimeoutMs, healthTimeoutMs,
          maxInFlightPerConnection, poolSize, poolWaiting, reconnectMinMs, reconnectMaxMs, embeddedPort, tlsCaFile,
          tlsVerifyHost);
    }
  }

  /**
   * leaseMax 1 checks every request in Redis; above 1 each event loop may serve a busy principal from a
   * local lease of up to leaseMax requests that lives at most leaseMs.
   */
  public record RateLimit(boolean enabled, long limit, long windowMs, long leaseMax, long leaseMs) {
    public long windowSeconds() {
      return windowMs / 1000;
    }

    public boolean leased() {
      return leaseMax > 1;
    }

    public RateLimit withLeases(long newLeaseMax, long newLeaseMs) {
      return new RateLimit(enabled, limit, windowMs, newLeaseMax, newLeaseMs);
    }
  }

  public record Sessions(long defaultTtlSeconds, long maxTtlSeconds) {}

  /** nodes is empty unless Redlock mode is configured (then 3 or more URLs). */
  public record Locks(java.util.List<String> nodes, long maxTtlMs, long retryMinMs, long retryMaxMs,
      double clockDriftFactor) {}

  public record Profiles(int maxFields, int maxValueLength) {}

  public record Visitors(int retentionDays) {}

  public boolean isDev() {
    return profile == Profile.DEV;
  }

  public AppConfig withRedis(Redis newRedis) {
    return new AppConfig(profile, logFormat, http, newRedis, apiKeys, rateLimit, sessions, locks, profiles, visitors);
  }

  public AppConfig withApiKeys(Map<String, String> newKeys) {
    return new AppConfig(profile, logFormat, http, redis, Map.copyOf(newKeys), rateLimit, sessions, locks, profiles,
        visitors);
  }
}
