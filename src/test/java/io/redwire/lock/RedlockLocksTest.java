package io.redwire.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedlockLocksTest {

  @Test
  void majorityAndDriftFollowRedlock() {
    RedlockLocks three = new RedlockLocks(List.of(), null, false, null, null, 0.01);
    assertEquals(1, three.majority(), "no nodes: degenerate majority of one");
    assertEquals(302, three.driftMs(30_000), "ttl * factor + 2 ms");
    assertEquals(2, three.driftMs(1));
  }

  @Test
  void perNodeTimeoutIsSmallAgainstTheTtlButBounded() {
    assertEquals(RedlockLocks.NODE_TIMEOUT_MIN_MS, RedlockLocks.nodeTimeoutMs(50));
    assertEquals(100, RedlockLocks.nodeTimeoutMs(1_000));
    assertEquals(RedlockLocks.NODE_TIMEOUT_MAX_MS, RedlockLocks.nodeTimeoutMs(600_000));
  }
}
