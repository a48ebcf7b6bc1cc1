package io.redwire.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.redwire.config.AppConfig;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one Redis client of an endpoint, shared by every verticle, for commands that answer at once.
 *
 * <p>Commands sent from an event loop go onto that loop's own long-lived connection and are pipelined
 * there (many in flight, replies matched in order), which is what makes the HTTP hot path fast: the
 * plain pooled {@code send()} leases a connection per command and tops out near non-pipelined speed.
 * On a cluster each event loop keeps one such lane per master and routes by slot ({@link ClusterLanes}),
 * so a master that is down fails only its own slots.
 * A lane reconnects by itself with capped exponential backoff; while it cannot, calls fail at once
 * with {@link RedisUnavailableException} instead of queueing. Calls from other threads use the pool.
 *
 * <p>Commands that hold their connection (blocking pops, XREAD BLOCK, SUBSCRIBE, MULTI, WAIT) are refused
 * with an {@link IllegalArgumentException}: on a shared lane they would stall every request of that
 * event loop. They belong on a {@link DedicatedRedis} or the {@link RedisSubscriber}.
 *
 * <p>A command or script whose keys fall in different hash slots is refused too, on every topology
 * ({@link CrossSlotCommands}).
 *
 * <p>Every call has the configured timeout, and its latency is recorded per command. Error replies fail
 * with {@link RedisError}.
 */
public final class SharedRedis {

  /** Redis error replies that mean "not now" rather than "bad command". */
  private static final Set<String> UNAVAILABLE_ERRORS =
      Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS",
          "CONNECTION_CLOSED"); // the client's own, for commands in flight when a connection drops

  private final String name;
  /** On a cluster: the slot map and a client per node; null otherwise. */
  private final ClusterRouting routing;
  private final ClusterNodes nodes;
  private final ClusterScan clusterScan;
  private final RedisTarget target;
  private final Redis client;
  private final long timeoutMs;
  private final Backoff backoff;
  private final MeterRegistry meters;
  /** Null unless writes wait for replicas (REDWIRE_REDIS_MIN_REPLICAS_ACK); they then go through it. */
  private final AckedWrites acks;
  private final FastThreadLocal<PipelinedLane> lanes = new FastThreadLocal<>();
  private final FastThreadLocal<ClusterLanes> clusterLanes = new FastThreadLocal<>();
  private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
  private final Map<Command, String> commandNames = new ConcurrentHashMap<>();
  private volatile int[] version = {0, 0, 0};

  /**
   * @param name endpoint role for logs and metrics ("durable" or "cache")
   * @param target where it connects (dedicated clients and the subscriber of this endpoint use it too)
   * @param client a pooled client whose pool has room for one lane per event loop besides pooled work
   */
  public SharedRedis(String name, RedisTarget target, Redis client, long timeoutMs, Backoff backoff,
      MeterRegistry meters) {
    this(name, target, client, timeoutMs, backoff, meters, null, null);
  }

  /**
   * Writes that wait for replicas: how many must confirm, WAIT's timeout, and for one Redis or sentinel
   * the client their connections come from (theirs alone; on a cluster they use the node clients).
   */
  record ReplicaAcks(Vertx vertx, int replicas, long timeoutMs, Redis client) {}

  /**
   * @param nodeClients on a cluster, makes a client for one node (host:port): the per-node lanes, slot-map
   *     refreshes and admin scans use them; null for one Redis or sentinel
   * @param replicaAcks when writes must wait for replicas, or null
   */
  SharedRedis(String name, RedisTarget target, Redis client, long timeoutMs, Backoff backoff,
      MeterRegistry meters, Function<String, Redis> nodeClients, ReplicaAcks replicaAcks) {
    this.name = name;
    this.target = target;
    this.client = client;
    this.timeoutMs = timeoutMs;
    this.backoff = backoff;
    this.meters = meters;
    if (nodeClients == null) {
      this.nodes = null;
      this.routing = null;
      this.clusterScan = null;
    } else {
      this.nodes = new ClusterNodes(nodeClients);
      this.routing = new ClusterRouting(name, target.hostPorts(), nodes, backoff.minMs(), timeoutMs);
      this.clusterScan = new ClusterScan(() -> routing.refreshed().map(SlotMap::masters), nodes);
    }
    this.acks = replicaAcks == null ? null : ackedWrites(replicaAcks);
  }

  private AckedWrites ackedWrites(ReplicaAcks settings) {
    int replicas = settings.replicas();
    long waitMs = settings.timeoutMs();
    if (routing != null) {
      return new AckedWrites(settings.vertx(), ctx -> new ClusterLanes(name, routing, node -> new AckedLane(
          new PipelinedLane(name + " " + node, () -> nodes.client(node).connect(), backoff), ctx, replicas, waitMs)),
          waitMs, Future::succeededFuture);
    }
    Redis own = settings.client();
    return new AckedWrites(settings.vertx(), ctx -> new AckedLane(
        new PipelinedLane(name, () -> CallerContext.handBack(own.connect(), ctx), backoff), ctx, replicas, waitMs),
        waitMs, own::close);
  }

  /** The slot map on a cluster (dedicated clients of this endpoint route by it too); null otherwise. */
  ClusterRouting routing() {
    return routing;
  }

  /** True for a Redis Cluster endpoint (admin scans then walk every master). */
  public boolean isCluster() {
    return target.type() == AppConfig.RedisType.CLUSTER;
  }

  /** The format of a scan cursor on this endpoint: a number, or on a cluster {@code <master>-<number>}. */
  public boolean isScanCursor(String cursor) {
    return isCluster() ? ClusterScan.CURSOR.matcher(cursor).matches() : cursor.matches("[0-9]{1,20}");
  }

  /**
   * One SCAN page with keys as stored: on one Redis its SCAN; on a cluster one master's, with a cursor
   * that moves on to the next master when one is done ("0" at the end).
   */
  public Future<ScanPage> scan(String cursor, String pattern, long count) {
    if (clusterScan == null) {
      return send(Command.SCAN, cursor, "MATCH", pattern, "COUNT", count).map(r -> {
        List<String> keys = new ArrayList<>();
        r.get(1).forEach(k -> keys.add(k.toString()));
        return new ScanPage(r.get(0).toString(), keys);
      });
    }
    long start = System.nanoTime();
    return CallerContext.handBack(guard(clusterScan.page(cursor, pattern, count), "SCAN", start, timeoutMs),
        Vertx.currentContext());
  }

  public String name() {
    return name;
  }

  /** Where it connects; {@link RedisTarget#describe()} for logs (passwords masked). */
  public RedisTarget target() {
    return target;
  }

  public Future<Response> send(Request request) {
    return send(request, commandName(request.command()), timeoutMs);
  }

  public Future<Response> send(Command command, Object... args) {
    return send(request(command, args));
  }

  /** A PING with its own (usually shorter) timeout, for readiness checks. */
  public Future<Response> ping(long pingTimeoutMs) {
    return send(Request.cmd(Command.PING), "PING", pingTimeoutMs);
  }

  /**
   * Whether the endpoint can serve: a PING answered in time, and on a cluster also {@code cluster_state:ok}
   * (a cluster that lost a master's slots answers PING but fails every command on those keys).
   */
  public Future<Void> checkReady(long timeoutMs) {
    Future<Response> ping = ping(timeoutMs);
    if (target.type() != AppConfig.RedisType.CLUSTER) {
      return ping.mapEmpty();
    }
    return ping.compose(pong -> send(Request.cmd(Command.CLUSTER).arg("INFO"), "CLUSTER", timeoutMs))
        .compose(info -> {
          String state = RedisInfo.parse(info.toString()).getOrDefault("cluster_state", "unknown");
          return state.equals("ok") ? Future.<Void>succeededFuture()
              : Future.failedFuture(new RedisUnavailableException("Redis (" + name + ") cluster_state:" + state));
        });
  }

  /** Sends the commands in one write on the caller's lane (a pipeline, not a transaction). */
  public Future<List<Response>> batch(List<Request> requests) {
    requests.forEach(SharedRedis::refuseUnsafe);
    long start = System.nanoTime();
    if (acks != null && acks.coversAny(requests)) {
      return CallerContext.handBack(guard(acks.batch(requests), "batch", start, timeoutMs + acks.extraTimeoutMs()),
          Vertx.currentContext());
    }
    if (onEventLoop()) {
      Future<List<Response>> reply = routing != null ? clusterLanes().batch(requests) : lane().batch(requests);
      return lanesAnswerOnCallersLoop(guard(reply, "batch", start, timeoutMs));
    }
    return CallerContext.handBack(guard(client.batch(requests), "batch", start, timeoutMs), Vertx.currentContext());
  }

  /**
   * Runs a script by SHA; on NOSCRIPT (a restarted Redis, another cluster node) sends the body once,
   * which also caches it again. Every key goes through KEYS[] so scripts stay cluster-safe.
   */
  public Future<Response> eval(LuaScript script, List<String> keys, List<String> args) {
    String metricName = script.metricName();
    if (acks != null) {
      acks.learn(script);
    }
    return send(scriptRequest(Command.EVALSHA, script.sha1(), keys, args), metricName, timeoutMs)
        .recover(err -> err instanceof RedisError e && e.is("NOSCRIPT")
            ? send(scriptRequest(Command.EVAL, script.source(), keys, args), metricName, timeoutMs)
            : Future.failedFuture(err));
  }

  /** Best-effort warm-up of Redis' script cache; EVALSHA's fallback keeps working without it. */
  public Future<Void> preload(Iterable<LuaScript> scripts) {
    List<Future<?>> loads = new ArrayList<>();
    for (LuaScript s : scripts) {
      Request load = Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.source());
      // on a cluster every master needs it (a keyless command reaches one node)
      loads.add(routing != null && onEventLoop() ? clusterLanes().onEveryMaster(load) : send(load));
    }
    return Future.all(loads).mapEmpty();
  }

  /**
   * {@code INFO} of every node: the one server, or on a cluster each master and replica (keyless
   * commands otherwise reach one random node). Replies come back on the caller's context.
   */
  public Future<List<Map<String, String>>> infoOfEveryNode() {
    if (target.type() != AppConfig.RedisType.CLUSTER) {
      return send(Command.INFO).map(r -> List.of(RedisInfo.parse(r.toString())));
    }
    long start = System.nanoTime();
    Future<List<Map<String, String>>> infos = routing.refreshed().compose(map -> {
      List<Future<Map<String, String>>> each = new ArrayList<>();
      for (String node : map.nodes()) {
        each.add(nodes.client(node).send(Request.cmd(Command.INFO)).timeout(timeoutMs, TimeUnit.MILLISECONDS)
            .map(r -> RedisInfo.parse(r.toString()))
            .otherwise(err -> RedisInfo.unreachable(node)));
      }
      return Future.all(each).map(all -> all.<Map<String, String>>list());
    });
    return CallerContext.handBack(guard(infos, "INFO", start, timeoutMs), Vertx.currentContext());
  }

  /** Reads {@code INFO server} and remembers the version, for features newer than the 6.2 floor. */
  public Future<String> detectVersion() {
    return send(Command.INFO, "server").map(r -> {
      String v = RedisInfo.parse(r.toString()).getOrDefault("redis_version", "0.0.0");
      version = RedisInfo.parseVersion(v);
      return v;
    });
  }

  /** True when the server is at least major.minor (as seen by {@link #detectVersion()}). */
  public boolean versionAtLeast(int major, int minor) {
    int[] v = version;
    return v[0] > major || (v[0] == major && v[1] >= minor);
  }

  public Future<Void> close() {
    Future<Void> closing = nodes == null ? client.close() : Future.join(nodes.close(), client.close()).mapEmpty();
    return acks == null ? closing : Future.join(closing, acks.close()).mapEmpty();
  }

  private Future<Response> send(Request request, String metricName, long timeout) {
    refuseUnsafe(request);
    long start = System.nanoTime();
    if (acks != null && acks.covers(request)) {
      return CallerContext.handBack(guard(acks.send(request), metricName, start, timeout + acks.extraTimeoutMs()),
          Vertx.currentContext());
    }
    if (onEventLoop()) {
      Future<Response> reply = routing != null ? clusterLanes().send(request) : lane().send(request);
      return lanesAnswerOnCallersLoop(guard(reply, metricName, start, timeout));
    }
    return CallerContext.handBack(guard(client.send(request), metricName, start, timeout), Vertx.currentContext());
  }

  /**
   * Lanes to one server (standalone, cluster nodes) answer on the caller's event loop and skip the extra
   * step; the sentinel client's connections may complete elsewhere, so its replies are handed back
   * ({@link CallerContext}), as are all replies of the pool.
   */
  private <T> Future<T> lanesAnswerOnCallersLoop(Future<T> reply) {
    return target.type() == AppConfig.RedisType.SENTINEL ? CallerContext.handBack(reply, Vertx.currentContext()) : reply;
  }

  private <T> Future<T> guard(Future<T> reply, String metricName, long start, long timeout) {
    Future<T> timed = reply.timeout(timeout, TimeUnit.MILLISECONDS);
    return timed.transform(ar -> {
      timer(metricName, ar.succeeded() || RedisError.isErrorReply(ar.cause()))
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return ar.succeeded() ? timed : Future.failedFuture(classify(ar.cause(), metricName, timeout));
    });
  }

  private static void refuseUnsafe(Request request) {
    CrossSlotCommands.refuse(request);
    if (ConnectionHoldingCommands.holdsConnection(request)) {
      throw new IllegalArgumentException(request.command() + " holds its connection and would stall every request "
          + "pipelined with it; send it on a dedicated client (Platform.dedicated) or use the subscriber");
    }
  }

  private Throwable classify(Throwable err, String command, long timeout) {
    return classify(name, err, command, timeout);
  }

  /** Error replies become {@link RedisError}, or {@link RedisUnavailableException} when they mean "not now". */
  static Throwable classify(String endpoint, Throwable err, String command, long timeout) {
    if (err instanceof io.redwire.domain.Unavailable) {
      return err; // also a write the replicas did not confirm (NotReplicated)
    }
    if (RedisError.isErrorReply(err)) {
      RedisError e = (RedisError) RedisError.translate(err);
      return UNAVAILABLE_ERRORS.contains(e.code())
          ? new RedisUnavailableException("Redis (" + endpoint + ") is not ready: " + e.getMessage(), e)
          : e;
    }
    if (err instanceof TimeoutException) {
      return new RedisUnavailableException(
          "Redis (" + endpoint + ") did not answer " + command + " within " + timeout + " ms", err);
    }
    return new RedisUnavailableException("Redis (" + endpoint + ") is unreachable: " + err.getMessage(), err);
  }

  private Timer timer(String command, boolean ok) {
    Timer[] pair = timers.get(command);
    if (pair == null) {
      pair = timers.computeIfAbsent(command, c -> new Timer[] {newTimer(c, "ok"), newTimer(c, "error")});
    }
    return ok ? pair[0] : pair[1];
  }

  private Timer newTimer(String command, String outcome) {
    return Timer.builder("redwire_redis_command")
        .description("Latency of Redis commands as the server sees them (includes queueing on the connection)")
        .tag("endpoint", name)
        .tag("command", command)
        .tag("outcome", outcome)
        .serviceLevelObjectives(LatencyBuckets.SLOS)
        .register(meters);
  }

  private String commandName(Command command) {
    return commandNames.computeIfAbsent(command, c -> c.toString().toUpperCase(java.util.Locale.ROOT));
  }

  /** True on an event-loop thread of a Vert.x context: its lanes are usable from here. */
  static boolean onEventLoop() {
    Context ctx = Vertx.currentContext();
    return ctx != null && ctx.isEventLoopContext() && Context.isOnEventLoopThread();
  }

  private PipelinedLane lane() {
    PipelinedLane lane = lanes.get();
    if (lane == null) {
      lane = new PipelinedLane(name, client::connect, backoff);
      lanes.set(lane);
    }
    return lane;
  }

  private ClusterLanes clusterLanes() {
    ClusterLanes lane = clusterLanes.get();
    if (lane == null) {
      lane = new ClusterLanes(name, routing,
          node -> new PipelinedLane(name + " " + node, () -> nodes.client(node).connect(), backoff));
      clusterLanes.set(lane);
    }
    return lane;
  }

  /**
   * Every argument as text: the client's {@code Request.arg(long)} sizes digits with a double logarithm,
   * which garbles Long.MIN_VALUE and prefixes some values above 2^53 with a NUL byte.
   */
  private static Request request(Command command, Object... args) {
    Request req = Request.cmd(command);
    for (Object a : args) {
      req.arg(String.valueOf(a));
    }
    return req;
  }

  private static Request scriptRequest(Command command, String shaOrBody, List<String> keys, List<String> args) {
    Request req = Request.cmd(command).arg(shaOrBody).arg(keys.size());
    keys.forEach(req::arg);
    args.forEach(req::arg);
    return req;
  }
}
