package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SCAN over every master of a cluster with one cursor: {@code <master>-<cursor>} walks the masters in
 * turn (in host:port order), each with its own SCAN cursor, and {@code 0} means start (and, as a reply,
 * done). Each master is asked through a small client of its own, made on first use.
 */
final class ClusterScan {

  /** A composite cursor: the master's position and its SCAN cursor. */
  static final Pattern CURSOR = Pattern.compile("0|[0-9]{1,4}-[0-9]{1,20}");

  private final Function<Redis, Future<Response>> slots;
  private final Function<String, Redis> clientFor;
  private final Map<String, Redis> clients = new ConcurrentHashMap<>();

  /**
   * @param slots sends CLUSTER SLOTS through the cluster client
   * @param clientFor makes a client for one node, given as host:port
   */
  ClusterScan(Function<Redis, Future<Response>> slots, Function<String, Redis> clientFor) {
    this.slots = slots;
    this.clientFor = clientFor;
  }

  /** One page: {@code [next cursor, keys]}. */
  Future<ScanPage> page(Redis cluster, String cursor, String pattern, long count) {
    if (!CURSOR.matcher(cursor).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a cluster scan cursor: " + cursor));
    }
    int dash = cursor.indexOf('-');
    int master = dash < 0 ? 0 : Integer.parseInt(cursor.substring(0, dash));
    String nodeCursor = dash < 0 ? "0" : cursor.substring(dash + 1);
    return masters(cluster).compose(masters -> {
      if (master >= masters.size()) {
        return Future.succeededFuture(new ScanPage("0", List.of()));
      }
      Redis node = clients.computeIfAbsent(masters.get(master), clientFor);
      return node.send(Request.cmd(Command.SCAN).arg(nodeCursor).arg("MATCH").arg(pattern).arg("COUNT")
              .arg(String.valueOf(count)))
          .map(r -> {
            List<String> keys = new ArrayList<>();
            r.get(1).forEach(k -> keys.add(k.toString()));
            String next = r.get(0).toString();
            if (!next.equals("0")) {
              return new ScanPage(master + "-" + next, keys);
            }
            return new ScanPage(master + 1 < masters.size() ? (master + 1) + "-0" : "0", keys);
          });
    });
  }

  /** The masters' host:port, sorted, from CLUSTER SLOTS: each slot range's first node is its master. */
  private Future<List<String>> masters(Redis cluster) {
    return slots.apply(cluster).map(reply -> {
      TreeSet<String> masters = new TreeSet<>();
      for (Response range : reply) {
        Response master = range.get(2);
        masters.add(master.get(0).toString() + ":" + master.get(1).toString());
      }
      return List.copyOf(masters);
    });
  }

  Future<Void> close() {
    return Future.join(clients.values().stream().map(Redis::close).toList()).mapEmpty();
  }
}
