package io.redwire.redis;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.ZModem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which master serves each of a cluster's 16384 hash slots, as {@code CLUSTER SLOTS} reported it at one
 * moment, plus the replicas it named. Immutable: a refresh builds a new one.
 */
final class SlotMap {

  static final int SLOTS = 16384;
  static final SlotMap EMPTY = new SlotMap(new String[SLOTS], List.of(), List.of());

  private final String[] masterOfSlot;
  private final List<String> masters;
  private final List<String> replicas;

  private SlotMap(String[] masterOfSlot, List<String> masters, List<String> replicas) {
    this.masterOfSlot = masterOfSlot;
    this.masters = masters;
    this.replicas = replicas;
  }

  /**
   * Parses a {@code CLUSTER SLOTS} reply: ranges of {@code [start, end, master, replica...]}, each node
   * {@code [host, port, id, ...]}. An empty host means the node that answered ({@code askedHost}).
   */
  static SlotMap parse(Response reply, String askedHost) {
    String[] owners = new String[SLOTS];
    TreeSet<String> masters = new TreeSet<>();
    TreeSet<String> replicas = new TreeSet<>();
    for (Response range : reply) {
      int start = range.get(0).toInteger();
      int end = range.get(1).toInteger();
      String master = hostPort(range.get(2), askedHost);
      masters.add(master);
      for (int s = start; s <= end && s < SLOTS; s++) {
        owners[s] = master;
      }
      for (int r = 3; r < range.size(); r++) {
        replicas.add(hostPort(range.get(r), askedHost));
      }
    }
    replicas.removeAll(masters);
    return new SlotMap(owners, List.copyOf(masters), List.copyOf(replicas));
  }

  private static String hostPort(Response node, String askedHost) {
    String host = node.get(0).toString();
    if (host.isEmpty() || host.equals("?")) {
      host = askedHost;
    }
    return host + ":" + node.get(1).toString();
  }

  /** The hash slot of a key, honouring a {@code {hash tag}} as Redis does. */
  static int slotOf(byte[] key) {
    return ZModem.generate(key);
  }

  /** host:port of the master serving the slot, or null when no master serves it. */
  String masterOf(int slot) {
    return masterOfSlot[slot];
  }

  boolean isEmpty() {
    return masters.isEmpty();
  }

  /** The masters' host:port, sorted. */
  List<String> masters() {
    return masters;
  }

  /** The replicas' host:port, sorted. */
  List<String> replicas() {
    return replicas;
  }

  /** Masters, then replicas. */
  List<String> nodes() {
    List<String> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  /** True when every slot has a master (a cluster can serve every key). */
  boolean coversEverySlot() {
    for (String owner : masterOfSlot) {
      if (owner == null) {
        return false;
      }
    }
    return true;
  }
}
