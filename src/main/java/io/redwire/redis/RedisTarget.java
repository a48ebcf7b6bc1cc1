package io.redwire.redis;

import io.redwire.config.AppConfig.RedisType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where an endpoint's clients connect: one Redis, a cluster's seed nodes, or sentinels and the name of
 * the master they watch. Every client of the endpoint (shared, dedicated, subscriber) is built from it.
 *
 * @param urls one URL (standalone) or several, comma-separated
 */
public record RedisTarget(RedisType type, String urls, String masterName) {

  public static RedisTarget standalone(String url) {
    return new RedisTarget(RedisType.STANDALONE, url, "");
  }

  public List<String> urlList() {
    return Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }

  /** host:port of each URL (scheme, credentials and database left out). */
  public List<String> hostPorts() {
    return urlList().stream().map(u -> u.replaceFirst("^[a-z]+://", "").replaceFirst("^[^@/]*@", "")
        .replaceFirst("/.*$", "")).toList();
  }

  /** For logs: passwords masked, the type and master named. */
  public String describe() {
    String where = urlList().stream().map(RedisFactory::redact).collect(Collectors.joining(","));
    return switch (type) {
      case STANDALONE -> where;
      case CLUSTER -> "cluster " + where;
      case SENTINEL -> "master " + masterName + " via sentinels " + where;
    };
  }
}
