package io.redwire.lock;

import io.redwire.domain.Conflict;
import io.redwire.domain.Unavailable;
import io.redwire.redis.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Distributed locks with fencing tokens: on the durable Redis, or with Redlock over the configured
 * nodes. An acquire may wait: it then listens for the resource's release (one shared subscriber per
 * replica, see {@link LockWaiters}) and otherwise re-tries with capped, jittered backoff, never later
 * than the holder's lease ends, until its deadline.
 */
public final class LockService {

  /** A held lock. {@code expiresAt} is when the lease (Redlock: its validity) ends. */
  public record Lock(String resource, String token, long fence, Instant expiresAt) {}

  /** A lock's public state: never the token. */
  public record State(String resource, boolean held, long fence, long ttlMs) {}

  /** 16 random bytes: 128 bits, unguessable; base64url without padding (22 characters). */
  private static final int TOKEN_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final LockBackend backend;
  private final LockWaiters waiters;
  private final LockKeys keys;
  private final Backoff retry;
  private final Clock clock;

  LockService(Vertx vertx, LockBackend backend, LockWaiters waiters, LockKeys keys, Backoff retry, Clock clock) {
    this.vertx = vertx;
    this.backend = backend;
    this.waiters = waiters;
    this.keys = keys;
    this.retry = retry;
    this.clock = clock;
  }

  /**
   * Takes the lock, waiting up to {@code waitMs} for it; fails with {@link Conflict} when still held by
   * another owner.
   *
   * @param abandoned completes when the caller no longer wants the lock (its client went away): a waiting
   *     acquire then stops at once (no timer, no subscription, no further tries) and fails with
   *     {@link Conflict}. A try already sent still reports: a lock it got is returned, and the caller
   *     releases it.
   */
  public Future<Lock> acquire(String resource, long ttlMs, long waitMs, Future<?> abandoned) {
    String token = newToken();
    return backend.tryAcquire(resource, token, ttlMs).compose(a -> {
      if (a.granted()) {
        return Future.succeededFuture(toLock(resource, token, a));
      }
      if (abandoned.isComplete()) {
        return Future.failedFuture(gaveUp(resource));
      }
      if (waitMs == 0) {
        return Future.failedFuture(held(resource));
      }
      return new Wait(resource, token, ttlMs, waitMs, a.holderRemainingMs()).start(abandoned);
    });
  }

  /** True when released; false when the token does not own the lock (nothing was deleted). */
  public Future<Boolean> release(String resource, String token) {
    return backend.release(resource, token);
  }

  /** The extended lock, or null when the token does not own it (or it expired). */
  public Future<Lock> extend(String resource, String token, long ttlMs) {
    return backend.extend(resource, token, ttlMs).map(e -> e.extended()
        ? new Lock(resource, token, e.fence(), Instant.now(clock).plusMillis(e.validityMs()))
        : null);
  }

  public Future<State> state(String resource) {
    return backend.status(resource).map(s -> new State(resource, s.held(), s.fence(), s.ttlMs()));
  }

  /** Closes the Redlock nodes' clients, if any; waiters stop with their subscriptions. */
  public Future<Void> close() {
    return backend.close();
  }

  private Lock toLock(String resource, String token, LockBackend.Attempt a) {
    return new Lock(resource, token, a.fence(), Instant.now(clock).plusMillis(a.validityMs()));
  }

  private static Conflict held(String resource) {
    return new Conflict("Lock " + resource + " is held by another owner");
  }

  private static Conflict gaveUp(String resource) {
    return new Conflict("Lock " + resource + " was not taken: the caller stopped waiting");
  }

  /** Failures a waiter sits out until its deadline: Redis unreachable, or no Redlock quorum. */
  private static boolean isTransient(Throwable err) {
    return err instanceof Unavailable;
  }

  static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * One waiting acquire. Everything runs on the caller's context (an event loop): the backend's replies,
   * the timer and the wake-ups all come back there, so the fields need no locking. At most one try is in
   * flight; a wake-up during a try makes the next try start right after it. Abandoned by the caller, it
   * stops at once, but a try in flight still reports, so a lock it got reaches the caller to be released.
   */
  private final class Wait {
    private final String resource;
    private final String token;
    private final long ttlMs;
    private final long deadlineNanos;
    private final Context context;
    private final Promise<Lock> result = Promise.promise();
    private long holderRemainingMs;
    private LockWaiters.Registration registration;
    private long timer = -1;
    private int misses;
    private boolean trying;
    private boolean wokenWhileTrying;
    private boolean abandoned;
    private boolean done;

    Wait(String resource, String token, long ttlMs, long waitMs, long holderRemainingMs) {
      this.resource = resource;
      this.token = token;
      this.ttlMs = ttlMs;
      this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
      this.context = vertx.getOrCreateContext();
      this.holderRemainingMs = holderRemainingMs;
    }

    Future<Lock> start(Future<?> abandonedSignal) {
      registration = waiters.register(keys.releasedChannel(resource), context, this::wake);
      // the signal may complete on another thread; the wait's fields belong to its context
      abandonedSignal.onComplete(x -> context.runOnContext(v -> abandon()));
      // the lock may have been released between the first try and the subscription: try once more
      tryNow();
      return result.future();
    }

    private void wake() {
      if (done || abandoned) {
        return;
      }
      if (trying) {
        wokenWhileTrying = true;
        return;
      }
      cancelTimer();
      tryNow();
    }

    /** The caller left: stop now, or as soon as the try in flight reports. */
    private void abandon() {
      if (done || abandoned) {
        return;
      }
      abandoned = true;
      cancelTimer();
      registration.cancel();
      if (!trying) {
        finish(Future.failedFuture(gaveUp(resource)));
      }
    }

    private void tryNow() {
      trying = true;
      backend.tryAcquire(resource, token, ttlMs).onComplete(ar -> {
        trying = false;
        if (done) {
          return;
        }
        if (abandoned) {
          finish(ar.succeeded() && ar.result().granted()
              ? Future.succeededFuture(toLock(resource, token, ar.result()))
              : Future.failedFuture(gaveUp(resource)));
        } else if (ar.failed()) {
          if (isTransient(ar.cause()) && remainingNanos() > 0) {
            // Redis (or the Redlock quorum) is briefly away: keep waiting, the deadline still bounds it
            holderRemainingMs = -1;
            scheduleRetry();
          } else {
            finish(Future.failedFuture(ar.cause()));
          }
        } else if (ar.result().granted()) {
          finish(Future.succeededFuture(toLock(resource, token, ar.result())));
        } else if (remainingNanos() <= 0) {
          finish(Future.failedFuture(held(resource)));
        } else if (wokenWhileTrying) {
          wokenWhileTrying = false;
          tryNow();
        } else {
          holderRemainingMs = ar.result().holderRemainingMs();
          scheduleRetry();
        }
      });
    }

    private void scheduleRetry() {
      long delay = retry.delayMs(++misses);
      if (holderRemainingMs > 0) {
        // the lease ends then: no release message comes for an expiry, so look right after it
        delay = Math.min(delay, holderRemainingMs + 1);
      }
      long untilDeadline = TimeUnit.NANOSECONDS.toMillis(remainingNanos());
      delay = Math.max(1, Math.min(delay, untilDeadline));
      timer = vertx.setTimer(delay, t -> {
        timer = -1;
        if (!done && !abandoned && !trying) {
          tryNow();
        }
      });
    }

    private long remainingNanos() {
      return deadlineNanos - System.nanoTime();
    }

    private void cancelTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private void finish(Future<Lock> outcome) {
      done = true;
      cancelTimer();
      registration.cancel();
      result.handle(outcome);
    }
  }
}
