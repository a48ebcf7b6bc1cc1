package io.redwire.topology;

import io.redwire.support.TestRedis;
import java.util.List;

/** Which of a test cluster's masters serves a key or shard channel, read from the nodes themselves. */
final class ClusterSlots {

  private ClusterSlots() {}

  /** The hash slot of a key or channel (a {tag} counts, as in Redis). */
  static int slotOf(TestRedis cluster, String keyOrChannel) {
    return ((Long) cluster.nodes().get(0).call("CLUSTER", "KEYSLOT", keyOrChannel)).intValue();
  }

  /** The master serving the slot of the key or channel. */
  static TestRedis ownerOf(TestRedis cluster, String keyOrChannel) {
    int slot = slotOf(cluster, keyOrChannel);
    for (TestRedis node : cluster.nodes()) {
      if (serves(node, slot)) {
        return node;
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** True when the node's own line of CLUSTER NODES lists the slot. */
  static boolean serves(TestRedis node, int slot) {
    for (String line : node.call("CLUSTER", "NODES").toString().split("\\n")) {
      if (!line.contains("myself")) {
        continue;
      }
      String[] fields = line.trim().split(" ");
      for (int f = 8; f < fields.length; f++) {
        if (fields[f].startsWith("[")) {
          continue; // a slot being migrated or imported
        }
        String[] bounds = fields[f].split("-");
        int from = Integer.parseInt(bounds[0]);
        int to = bounds.length > 1 ? Integer.parseInt(bounds[1]) : from;
        if (slot >= from && slot <= to) {
          return true;
        }
      }
    }
    return false;
  }

  /** The node's cluster id. */
  static String idOf(TestRedis node) {
    return node.call("CLUSTER", "MYID").toString();
  }

  /** Masters other than {@code node}. */
  static List<TestRedis> others(TestRedis cluster, TestRedis node) {
    return cluster.nodes().stream().filter(n -> n != node).toList();
  }
}
