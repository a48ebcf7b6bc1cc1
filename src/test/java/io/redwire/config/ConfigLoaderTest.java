package io.redwire.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsComeFromApplicationYaml() {
    AppConfig c = ConfigLoader.load(Map.of());
    assertEquals(AppConfig.Profile.DEV, c.profile());
    assertEquals(8080, c.http().port());
    assertEquals(1_048_576, c.http().bodyLimitBytes());
    assertNull(c.redis().url());
    assertEquals("redis://127.0.0.1:6379", c.redis().defaultUrl());
    assertEquals(6000, c.rateLimit().limit());
    assertEquals(60_000, c.rateLimit().windowMs());
    assertEquals(64, c.rateLimit().leaseMax());
    assertEquals(250, c.rateLimit().leaseMs());
    assertTrue(c.rateLimit().leased());
    assertTrue(c.apiKeys().isEmpty());
    assertEquals("text", c.logFormat());
    assertEquals(List.of(), c.locks().nodes());
    assertEquals(90, c.visitors().retentionDays());
    assertTrue(c.http().strictThreads());
  }

  @Test
  void environmentOverridesUseTheDocumentedNames() {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", "9000");
    env.put("REDIS_URL", "redis://user:secret@redis.example:6380/2");
    env.put("REDIS_CACHE_URL", "rediss://cache.example:6379");
    env.put("REDWIRE_PROFILE", "prod");
    env.put("REDWIRE_API_KEYS", "abcdefghijklmnop:admin, qrstuvwxyz0123456:service");
    env.put("REDWIRE_RATE_LIMIT", "100/10s");
    env.put("REDWIRE_HTTP_STRICT_THREADS", "false");
    AppConfig c = ConfigLoader.load(env);
    assertEquals(9000, c.http().port());
    assertEquals("redis://user:secret@redis.example:6380/2", c.redis().url());
    assertEquals("rediss://cache.example:6379", c.redis().cacheUrl());
    assertEquals(AppConfig.Profile.PROD, c.profile());
    assertEquals("json", c.logFormat(), "prod logs JSON by default");
    assertEquals(Map.of("abcdefghijklmnop", "admin", "qrstuvwxyz0123456", "service"), c.apiKeys());
    assertEquals(100, c.rateLimit().limit());
    assertEquals(10_000, c.rateLimit().windowMs());
    assertFalse(c.http().strictThreads());
  }

  @Test
  void everyOverrideNamesAnExistingKey() {
    Map<String, String> freeText = Map.of("REDWIRE_HTTP_HOST", "my-host", "REDWIRE_KEY_PREFIX", "my-prefix:");
    AppConfig c = ConfigLoader.load(freeText);
    assertEquals("my-host", c.http().host());
    assertEquals("my-prefix:", c.redis().keyPrefix());
    for (Map.Entry<String, String> e : ConfigLoader.ENV_OVERRIDES.entrySet()) {
      if (freeText.containsKey(e.getKey())) {
        continue;
      }
      // loading with only that variable set to a bad value must fail on that key, which proves the mapping
      Map<String, String> env = Map.of(e.getKey(), "\u0000bad");
      ConfigException err = assertThrows(ConfigException.class, () -> ConfigLoader.load(env), e.getKey());
      assertTrue(err.getMessage().contains(e.getValue().substring(e.getValue().lastIndexOf('.') + 1))
          || err.getMessage().contains(e.getKey()), e.getKey() + ": " + err.getMessage());
    }
  }

  @Test
  void leasesOfOneMeanEveryRequestIsCheckedInRedis() {
    AppConfig.RateLimit exact = ConfigLoader.load(Map.of("REDWIRE_RATE_LIMIT_LEASE_MAX", "1",
        "REDWIRE_RATE_LIMIT_LEASE_MS", "100")).rateLimit();
    assertEquals(1, exact.leaseMax());
    assertEquals(100, exact.leaseMs());
    assertTrue(!exact.leased());
  }

  @Test
  void badValuesFailWithAClearMessage() {
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HTTP_PORT", "70000")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDIS_URL", "http://x")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_PROFILE", "staging")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_API_KEYS", "short:admin")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_API_KEYS", "abcdefghijklmnop:root")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_RATE_LIMIT", "lots")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_RATE_LIMIT", "0/60s")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_RATE_LIMIT_LEASE_MAX", "0")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_REDIS_TLS_CA_FILE", "/no/such/ca.pem")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_RATE_LIMIT_LEASE_MS", "0")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_LOCK_NODES", "redis://a:1,redis://b:2")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_CONFIG", "/no/such/file.yaml")));
  }

  @Test
  void rateSpecsAcceptSecondsMinutesAndHours() {
    assertEquals(60_000, ConfigLoader.parseRate("10/1m", true).windowMs());
    assertEquals(3_600_000, ConfigLoader.parseRate("10/1h", true).windowMs());
    assertEquals(5, ConfigLoader.parseRate(" 5 / 2s ", true).limit());
  }
}
