package io.redwire.ops;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A result that costs a Redis call, shared: a caller within {@code maxAgeMs} of the last fetch gets
 * that fetch's result, and callers while a fetch is in flight wait for it, so a storm of probes or
 * scrapes costs Redis one call. One per event loop (not thread-safe): its futures complete there.
 */
final class Reused<T> {

  private final Supplier<Future<T>> fetch;
  private final long maxAgeNanos;
  private Future<T> current;
  private long fetchedAt;

  Reused(long maxAgeMs, Supplier<Future<T>> fetch) {
    this.fetch = fetch;
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
  }

  Future<T> get() {
    long now = System.nanoTime();
    if (current != null && (!current.isComplete() || now - fetchedAt < maxAgeNanos)) {
      return current;
    }
    fetchedAt = now;
    current = fetch.get();
    return current;
  }
}
