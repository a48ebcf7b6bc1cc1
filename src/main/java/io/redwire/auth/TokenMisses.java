package io.redwire.auth;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts, per client address, bearer tokens that looked like session tokens but were unknown. After
 * {@code limit} misses in a window the address may not have tokens looked up until the window ends:
 * a flood of random tokens then costs Redis nothing. Legitimate clients do not miss, so they never
 * notice. One per event loop (not thread-safe); at most {@link #MAX_ADDRESSES} addresses are tracked,
 * beyond that new ones are looked up as usual rather than grow the table without bound.
 */
final class TokenMisses {

  static final int MAX_ADDRESSES = 100_000;

  private static final class Window {
    long startedAt;
    int misses;
  }

  private final int limit;
  private final long windowNanos;
  private final Map<String, Window> byAddress = new HashMap<>();
  private long lastSweep = System.nanoTime();

  TokenMisses(int limit, long windowMs) {
    this.limit = limit;
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
  }

  /** How long (ms, rounded up) the address must wait before its tokens are looked up again; 0: now. */
  long blockedForMs(String address, long now) {
    Window w = byAddress.get(address);
    if (w == null || w.misses < limit) {
      return 0;
    }
    long left = w.startedAt + windowNanos - now;
    return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
  }

  void missed(String address, long now) {
    if (now - lastSweep > windowNanos) {
      sweep(now);
    }
    Window w = byAddress.get(address);
    if (w == null) {
      if (byAddress.size() >= MAX_ADDRESSES) {
        return;
      }
      w = new Window();
      w.startedAt = now;
      byAddress.put(address, w);
    } else if (now - w.startedAt > windowNanos) {
      w.startedAt = now;
      w.misses = 0;
    }
    w.misses++;
  }

  private void sweep(long now) {
    lastSweep = now;
    Iterator<Window> it = byAddress.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().startedAt > windowNanos) {
        it.remove();
      }
    }
  }
}
