package io.redwire.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * SCAN over every master of a cluster with one cursor: {@code <master>-<cursor>} walks the masters in
 * turn (in host:port order), each with its own SCAN cursor, and {@code 0} means start (and, as a reply,
 * done). Each master is asked through its node client.
 */
final class ClusterScan {

  /** A composite cursor: the master's position and its SCAN cursor. */
  static final Pattern CURSOR = Pattern.compile("0|[0-9]{1,4}-[0-9]{1,20}");

  private final Supplier<Future<List<String>>> masters;
  private final ClusterNodes nodes;

  /** @param masters the masters' host:port, sorted, from a fresh slot map */
  ClusterScan(Supplier<Future<List<String>>> masters, ClusterNodes nodes) {
    this.masters = masters;
    this.nodes = nodes;
  }

  /** One page: {@code [next cursor, keys]}. */
  Future<ScanPage> page(String cursor, String pattern, long count) {
    if (!CURSOR.matcher(cursor).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a cluster scan cursor: " + cursor));
    }
    int dash = cursor.indexOf('-');
    int master = dash < 0 ? 0 : Integer.parseInt(cursor.substring(0, dash));
    String nodeCursor = dash < 0 ? "0" : cursor.substring(dash + 1);
    return this.masters.get().compose(masters -> {
      if (master >= masters.size()) {
        return Future.succeededFuture(new ScanPage("0", List.of()));
      }
      Redis node = nodes.client(masters.get(master));
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
}
