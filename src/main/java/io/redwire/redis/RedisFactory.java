package io.redwire.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.redwire.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the three kinds of client from configuration: the shared pipelined one, dedicated ones for
 * connection-holding commands, and the subscriber. RESP3 is pinned: parsers only know its reply shapes.
 */
public final class RedisFactory {

  /** Node connections besides the lanes: slot-map refreshes, admin scans and INFO. */
  private static final int NODE_CLIENT_SPARE_CONNECTIONS = 2;

  /** A subscriber's node client: the subscribed connection and one for slot-map and INFO queries. */
  private static final int SUBSCRIBER_NODE_CONNECTIONS = 2;

  private RedisFactory() {}

  /**
   * @param eventLoops how many event loops may each hold a pipelined lane (they need pool slots too)
   */
  public static SharedRedis shared(Vertx vertx, String name, RedisTarget target, AppConfig.Redis config,
      int eventLoops, MeterRegistry meters) {
    return shared(vertx, name, target, config, eventLoops, meters, false);
  }

  /**
   * The durable endpoint's client: a shared one whose writes, when {@code redis.minReplicasAck} is above 0,
   * succeed only once that many replicas confirmed them ({@link AckedWrites}).
   */
  public static SharedRedis durable(Vertx vertx, RedisTarget target, AppConfig.Redis config, int eventLoops,
      MeterRegistry meters) {
    return shared(vertx, "durable", target, config, eventLoops, meters, config.minReplicasAck() > 0);
  }

  private static SharedRedis shared(Vertx vertx, String name, RedisTarget target, AppConfig.Redis config,
      int eventLoops, MeterRegistry meters, boolean waitForReplicas) {
    RedisOptions options = options(target, config).setMaxPoolSize(config.poolSize() + eventLoops);
    Redis client = Redis.createClient(vertx, options);
    SharedRedis.ReplicaAcks acks = waitForReplicas ? replicaAcks(vertx, target, config, eventLoops) : null;
    if (target.type() != AppConfig.RedisType.CLUSTER) {
      return new SharedRedis(name, target, client, config.commandTimeoutMs(), reconnectBackoff(config), meters,
          null, acks);
    }
    // a client per node with the seed's scheme and credentials: one pooled connection per event loop is
    // that loop's pipelined lane to the node; the rest serve slot-map refreshes and admin scans
    // (twice that with acknowledged writes: a second lane per loop and node carries them)
    int lanesPerNode = waitForReplicas ? 2 * eventLoops : eventLoops;
    Function<String, Redis> nodeClients = nodeClients(vertx, target, config, lanesPerNode + NODE_CLIENT_SPARE_CONNECTIONS);
    return new SharedRedis(name, target, client, config.commandTimeoutMs(), reconnectBackoff(config), meters,
        nodeClients, acks);
  }

  /**
   * Acknowledged writes get a client of their own (on a cluster, lanes of their own on the node clients).
   * On sentinel it does not follow a failover by itself: a connection that silently moved to the new master
   * would send a WAIT that counts none of the writes before it, so their connections end with their master
   * and the next one is found through the sentinels.
   */
  private static SharedRedis.ReplicaAcks replicaAcks(Vertx vertx, RedisTarget target, AppConfig.Redis config,
      int eventLoops) {
    Redis client = target.type() == AppConfig.RedisType.CLUSTER ? null : Redis.createClient(vertx,
        options(target, config).setAutoFailover(false).setMaxPoolSize(eventLoops + 1));
    return new SharedRedis.ReplicaAcks(vertx, config.minReplicasAck(), config.replicaAckTimeoutMs(), client);
  }

  /** Clients of single cluster nodes (host:port) with the seeds' scheme, credentials and TLS settings. */
  private static Function<String, Redis> nodeClients(Vertx vertx, RedisTarget target, AppConfig.Redis config,
      int connections) {
    String seed = target.urlList().get(0);
    return hostPort -> Redis.createClient(vertx,
        options(RedisTarget.standalone(seed.replaceFirst("^(rediss?://(?:[^@/]*@)?)[^/]+", "$1" + hostPort)), config)
            .setMaxPoolSize(connections));
  }

  /** A standalone shared client (Redlock nodes: each one an independent Redis). */
  public static SharedRedis shared(Vertx vertx, String name, String url, AppConfig.Redis config,
      int eventLoops, MeterRegistry meters) {
    return shared(vertx, name, RedisTarget.standalone(url), config, eventLoops, meters);
  }

  /**
   * A client of its own with {@code connections} pooled connections, for blocking pops and stream reads; on
   * a cluster also {@code connections} per node of its own, routed by {@code endpoint}'s slot map.
   */
  public static DedicatedRedis dedicated(Vertx vertx, String name, SharedRedis endpoint, AppConfig.Redis config,
      int connections) {
    RedisTarget target = endpoint.target();
    Redis client = Redis.createClient(vertx, options(target, config).setMaxPoolSize(connections));
    if (target.type() != AppConfig.RedisType.CLUSTER) {
      return new DedicatedRedis(name, client, config.commandTimeoutMs(), reconnectBackoff(config));
    }
    return new DedicatedRedis(name, client, config.commandTimeoutMs(), reconnectBackoff(config),
        endpoint.routing(), new ClusterNodes(nodeClients(vertx, target, config, connections)));
  }

  /**
   * The replica's Pub/Sub connections on one endpoint: one connection on one Redis; on a cluster one per
   * master that carries channels (each node client also answers the slot-map and version queries).
   */
  public static RedisSubscriber subscriber(Vertx vertx, String name, String role, RedisTarget target,
      AppConfig.Redis config, MeterRegistry meters) {
    // on sentinel, no auto failover: its wrapper would switch the connection to the new master silently,
    // without the subscriptions; a dropped connection must reach the subscriber, which resubscribes
    Redis client = Redis.createClient(vertx, options(target, config).setMaxPoolSize(1).setAutoFailover(false));
    if (target.type() != AppConfig.RedisType.CLUSTER) {
      return new RedisSubscriber(name, role, vertx, client, null, null, reconnectBackoff(config),
          config.commandTimeoutMs(), meters);
    }
    ClusterNodes nodes = new ClusterNodes(nodeClients(vertx, target, config, SUBSCRIBER_NODE_CONNECTIONS));
    ClusterRouting routing = new ClusterRouting(name + " subscriber", target.hostPorts(), nodes,
        config.reconnectMinMs(), config.commandTimeoutMs());
    return new RedisSubscriber(name, role, vertx, client, routing, nodes, reconnectBackoff(config),
        config.commandTimeoutMs(), meters);
  }

  private static Backoff reconnectBackoff(AppConfig.Redis config) {
    return new Backoff(config.reconnectMinMs(), config.reconnectMaxMs());
  }

  private static RedisOptions options(RedisTarget target, AppConfig.Redis config) {
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout(config.connectTimeoutMs())
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true);
    List<String> urls = target.urlList();
    if (urls.stream().anyMatch(u -> u.startsWith("rediss://"))) {
      // the client upgrades rediss:// connections to TLS with these options
      net.setHostnameVerificationAlgorithm(config.tlsVerifyHost() ? "HTTPS" : "");
      if (!config.tlsCaFile().isEmpty()) {
        net.setTrustOptions(new PemTrustOptions().addCertPath(config.tlsCaFile()));
      }
    }
    RedisOptions options = new RedisOptions();
    switch (target.type()) {
      case STANDALONE -> options.setConnectionString(urls.get(0));
      case CLUSTER -> {
        // commands go to the master of their slot; MOVED and ASK are followed by the client
        options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
        urls.forEach(options::addConnectionString);
      }
      case SENTINEL -> {
        options.setType(RedisClientType.SENTINEL).setMasterName(target.masterName()).setRole(RedisRole.MASTER)
            .setAutoFailover(true);
        urls.forEach(options::addConnectionString);
      }
    }
    return options
        .setPreferredProtocolVersion(ProtocolVersion.RESP3)
        .setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(config.poolWaiting())
        .setMaxWaitingHandlers(config.maxInFlightPerConnection())
        .setPoolRecycleTimeout(60_000)
        .setNetClientOptions(net);
  }

  /** The URL with any password replaced, for logs. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
  }
}
