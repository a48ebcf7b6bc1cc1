package io.redwire.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertEquals(1, c.apiKeys().size(), "dev without keys: one generated admin key");
    assertTrue(c.auth().generated());
    assertEquals("admin", c.apiKeys().values().iterator().next());
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
    // any text is a valid host, prefix or channel pattern ("bad" stays after the list's trim)
    Map<String, String> freeText = Map.of("REDWIRE_HTTP_HOST", "my-host", "REDWIRE_KEY_PREFIX", "my-prefix:",
        "REDWIRE_DURABLE_CHANNELS", "news:*, alerts:critical");
    AppConfig c = ConfigLoader.load(freeText);
    assertEquals(List.of("news:*", "alerts:critical"), c.realtime().durableChannels());
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
    assertEquals(60_000, AppConfig.Rate.parse("10/1m").windowMs());
    assertEquals(3_600_000, AppConfig.Rate.parse("10/1h").windowMs());
    assertEquals(5, AppConfig.Rate.parse(" 5 / 2s ").limit());
  }

  @Test
  void errorsNameTheKeyItsVariableAndTheValue() {
    assertEquals("http.port (HTTP_PORT) must be a whole number, got 'abc'",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HTTP_PORT", "abc"))).getMessage());
    assertEquals("http.port (HTTP_PORT) must be between 0 and 65535, got 70000",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("HTTP_PORT", "70000"))).getMessage());
    assertEquals("profile (REDWIRE_PROFILE) must be one of dev, prod, got 'staging'",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_PROFILE", "staging"))).getMessage());
    assertEquals("http.h2c (REDWIRE_HTTP_H2C) must be true or false, got 'yes'",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_HTTP_H2C", "yes"))).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_PROFILE", "prod")))
        .getMessage().startsWith("auth.apiKeys (REDWIRE_API_KEYS) is empty"));
  }

  @Test
  void aConfigFileWithAnUnknownOrMissingKeyIsRefused(@TempDir Path dir) throws IOException {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "http:\n  prot: 9000\n");
    assertEquals("unknown configuration key http.prot",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_CONFIG", typo.toString())))
            .getMessage());
    Path cleared = dir.resolve("cleared.yaml");
    Files.writeString(cleared, "sessions:\n  maxTtlSeconds: ~\n");
    assertEquals("configuration key sessions.maxTtlSeconds is missing",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_CONFIG", cleared.toString())))
            .getMessage());
    Path fraction = dir.resolve("fraction.yaml");
    Files.writeString(fraction, "redis:\n  commandTimeoutMs: 1.5\n");
    assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("REDWIRE_CONFIG", fraction.toString())));
  }

  /** Every key of the shipped defaults has an override, and its comment names that variable. */
  @Test
  void everyKeyInApplicationYamlIsDocumentedAndRead() throws IOException {
    Path yaml = Path.of("conf/application.yaml");
    JsonNode tree = new YAMLMapper().readTree(yaml.toFile());
    List<String> lines = Files.readAllLines(yaml);
    Map<String, String> byPath = new HashMap<>();
    ConfigLoader.ENV_OVERRIDES.forEach((variable, path) -> byPath.put(path, variable));
    List<String> keys = new ArrayList<>();
    leaves(tree, "", keys);
    for (String key : keys) {
      String variable = byPath.get(key);
      assertNotNull(variable, key + " has no environment override in ConfigLoader.ENV_OVERRIDES");
      assertTrue(lines.stream().anyMatch(l -> l.contains(variable)), key + ": application.yaml never names " + variable);
    }
    assertEquals(new java.util.TreeSet<>(keys), new java.util.TreeSet<>(ConfigLoader.ENV_OVERRIDES.values()),
        "every override names a key of application.yaml");
  }

  private static void leaves(JsonNode node, String path, List<String> out) {
    if (!node.isObject()) {
      out.add(path);
      return;
    }
    node.fields().forEachRemaining(e -> leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
  }

  @Test
  void redisTopologiesAreCheckedAtStartup() {
    AppConfig cluster = ConfigLoader.load(Map.of("REDWIRE_REDIS_TYPE", "cluster",
        "REDIS_URL", "redis://a:7001, redis://b:7002,redis://c:7003"));
    assertEquals(AppConfig.RedisType.CLUSTER, cluster.redis().type());
    assertEquals("redis://a:7001,redis://b:7002,redis://c:7003", cluster.redis().url());
    AppConfig sentinel = ConfigLoader.load(Map.of("REDWIRE_REDIS_TYPE", "SENTINEL",
        "REDIS_URL", "redis://s1:26379,redis://s2:26379", "REDWIRE_REDIS_MASTER_NAME", "mymaster"));
    assertEquals("mymaster", sentinel.redis().masterName());

    assertEquals("redis.type (REDWIRE_REDIS_TYPE) must be one of standalone, cluster, sentinel, got 'ring'",
        message(Map.of("REDWIRE_REDIS_TYPE", "ring")));
    assertEquals("redis.masterName (REDWIRE_REDIS_MASTER_NAME) must name the master the sentinels watch (sentinel mode)",
        message(Map.of("REDWIRE_REDIS_TYPE", "sentinel", "REDIS_URL", "redis://s1:26379")));
    assertTrue(message(Map.of("REDWIRE_REDIS_TYPE", "cluster", "REDIS_URL", " , "))
        .startsWith("redis.url (REDIS_URL) must list the cluster's seed nodes"));
    assertTrue(message(Map.of("REDWIRE_REDIS_TYPE", "cluster")).startsWith("redis.url (REDIS_URL) must list"));
    assertTrue(message(Map.of("REDIS_URL", "redis://a:1,redis://b:2"))
        .startsWith("redis.url (REDIS_URL) is one URL for a standalone Redis"));
    assertTrue(message(Map.of("REDWIRE_REDIS_TYPE", "cluster", "REDIS_URL", "redis://a:1,http://b:2"))
        .startsWith("redis.url (REDIS_URL) must start with redis://"));
    assertTrue(message(Map.of("REDWIRE_REDIS_CACHE_TYPE", "sentinel", "REDIS_CACHE_URL", "redis://s:26379"))
        .startsWith("redis.cacheMasterName (REDWIRE_REDIS_CACHE_MASTER_NAME) must name"));
  }

  private static String message(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(env)).getMessage();
  }
}
