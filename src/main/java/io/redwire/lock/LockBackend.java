package io.redwire.lock;

import io.vertx.core.Future;

/** Where locks live: one Redis ({@link SingleNodeLocks}) or a Redlock majority ({@link RedlockLocks}). */
interface LockBackend {

  /**
   * One try to take the lock.
   *
   * @return granted with its fence and validity, or not granted with the holder's remaining lease
   *     (-1 when unknown)
   */
  Future<Attempt> tryAcquire(String resource, String token, long ttlMs);

  /** True when the token owned the lock and it is now released; false when not the owner. */
  Future<Boolean> release(String resource, String token);

  /** The new lease, or {@code extended = false} when the token does not own the lock (or it expired). */
  Future<Extension> extend(String resource, String token, long ttlMs);

  Future<Status> status(String resource);

  Future<Void> close();

  /** The outcome of one acquisition try. */
  record Attempt(boolean granted, long fence, long validityMs, long holderRemainingMs) {
    static Attempt granted(long fence, long validityMs) {
      return new Attempt(true, fence, validityMs, -1);
    }

    static Attempt held(long holderRemainingMs) {
      return new Attempt(false, 0, 0, holderRemainingMs);
    }
  }

  record Extension(boolean extended, long fence, long validityMs) {
    static final Extension NOT_OWNER = new Extension(false, 0, 0);
  }

  /** {@code ttlMs} is 0 when free; {@code fence} is the last issued fence (0 when never locked). */
  record Status(boolean held, long fence, long ttlMs) {}
}
