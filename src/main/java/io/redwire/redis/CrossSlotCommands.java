package io.redwire.redis;

import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Refuses a command or script whose keys fall in different hash slots, on every topology: a Redis Cluster
 * answers CROSSSLOT (and the cluster client splits an MGET out of order), so such a call is a bug even
 * where one Redis happens to accept it. Checking it everywhere makes the standalone tests catch it too.
 */
final class CrossSlotCommands {

  private CrossSlotCommands() {}

  static void refuse(Request request) {
    List<byte[]> keys = RequestKeys.keyArguments(request);
    if (keys.size() < 2) {
      return;
    }
    int slot = SlotMap.slotOf(keys.get(0));
    for (int i = 1; i < keys.size(); i++) {
      if (SlotMap.slotOf(keys.get(i)) != slot) {
        throw new IllegalArgumentException(request.command() + " touches keys in different hash slots ("
            + new String(keys.get(0), StandardCharsets.UTF_8) + ", " + new String(keys.get(i), StandardCharsets.UTF_8)
            + "): it would fail on a Redis Cluster; give the keys one {hash tag}");
      }
    }
  }
}
