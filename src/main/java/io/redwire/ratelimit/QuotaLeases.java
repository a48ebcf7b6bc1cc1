package io.redwire.ratelimit;

import io.redwire.ratelimit.PrincipalRateLimiter.Decision;
import io.redwire.ratelimit.PrincipalRateLimiter.Grant;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's leases on the shared quota, so that a busy principal costs one Redis call per many
 * requests instead of one per request.
 *
 * <p>A principal starts with leases of one request, which is exactly the per-request check. When it
 * uses a lease up before the lease ends, the next one asks for twice as much (up to {@code leaseMax});
 * when a lease ends with requests left, they go back to Redis and the next lease asks for what was used.
 * Leases end after {@code leaseMs} or when the window rolls, whichever is first, so a request is always
 * counted in the window it is served in. The script grants at most half of what is left, so no request
 * is ever admitted beyond the quota; near its limit a principal may be refused while another event loop
 * or replica still holds a few of its requests, for at most {@code leaseMs}. A rejection is remembered
 * for up to {@code leaseMs}, so a principal over its quota does not cost a Redis call per request.
 *
 * <p>Not thread-safe by design: it belongs to the event loop of one router and is only used there.
 */
public final class QuotaLeases implements Quota {

  private static final Logger LOG = LoggerFactory.getLogger(QuotaLeases.class);

  private final PrincipalRateLimiter limiter;
  private final long leaseMax;
  private final long leaseMs;
  private final long leaseNanos;
  private final Context owner;
  private boolean sweepScheduled;
  private final Map<String, Lease> leases = new HashMap<>();

  /** Must be created on the event loop that will use it. */
  public QuotaLeases(PrincipalRateLimiter limiter, long leaseMax, long leaseMs) {
    this.limiter = limiter;
    this.leaseMax = leaseMax;
    this.leaseMs = leaseMs;
    this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMs);
    this.owner = java.util.Objects.requireNonNull(Vertx.currentContext(), "QuotaLeases belongs to an event loop");
  }

  /** One principal's lease on this event loop; times are System.nanoTime() values. */
  private static final class Lease {
    long tokens;
    long nextSize = 1;
    long granted;
    long window;
    long expiresAt;
    long remaining;
    long rollAt;
    long retryAt;
    long recheckAt;
    boolean fetching;
    final ArrayDeque<Promise<Decision>> waiters = new ArrayDeque<>();

    boolean idle(long now) {
      return !fetching && waiters.isEmpty() && tokens == 0 && now >= expiresAt && now >= recheckAt;
    }
  }

  @Override
  public Future<Decision> acquire(String rateKey) {
    long now = System.nanoTime();
    Lease lease = leases.get(rateKey);
    if (lease == null) {
      lease = new Lease();
      leases.put(rateKey, lease);
      scheduleSweep();
    }
    if (now < lease.recheckAt) {
      return Future.succeededFuture(rejected(lease, now));
    }
    if (now < lease.expiresAt && lease.tokens > 0) {
      lease.tokens--;
      return Future.succeededFuture(allowed(lease, now));
    }
    if (lease.tokens > 0) {
      end(rateKey, lease);
    } else if (now < lease.expiresAt && !lease.fetching) {
      // used up while still valid: this principal is busier than its lease
      lease.nextSize = Math.min(leaseMax, lease.granted * 2);
    }
    Promise<Decision> waiter = Promise.promise();
    lease.waiters.add(waiter);
    if (!lease.fetching) {
      fetch(rateKey, lease);
    }
    return waiter.future();
  }

  /** Sweeps every leaseMs while any principal has state here; an idle event loop has no timer. */
  private void scheduleSweep() {
    if (!sweepScheduled) {
      sweepScheduled = true;
      owner.owner().setTimer(leaseMs, id -> {
        sweepScheduled = false;
        sweep();
        if (!leases.isEmpty()) {
          scheduleSweep();
        }
      });
    }
  }

  /** Gives back what expired leases did not use and forgets idle principals. */
  void sweep() {
    long now = System.nanoTime();
    Iterator<Map.Entry<String, Lease>> it = leases.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Lease> e = it.next();
      Lease lease = e.getValue();
      if (lease.tokens > 0 && now >= lease.expiresAt && !lease.fetching) {
        end(e.getKey(), lease);
      }
      if (lease.idle(now)) {
        it.remove();
      }
    }
  }

  private void fetch(String rateKey, Lease lease) {
    lease.fetching = true;
    long wanted = Math.max(lease.nextSize, Math.min(leaseMax, lease.waiters.size()));
    limiter.lease(rateKey, wanted).onComplete(ar -> {
      if (Vertx.currentContext() == owner) {
        granted(rateKey, lease, ar);
      } else {
        owner.runOnContext(v -> granted(rateKey, lease, ar));
      }
    });
  }

  private void granted(String rateKey, Lease lease, AsyncResult<Grant> ar) {
    lease.fetching = false;
    long now = System.nanoTime();
    if (ar.failed()) {
      lease.nextSize = 1;
      lease.expiresAt = 0;
      while (!lease.waiters.isEmpty()) {
        lease.waiters.poll().fail(ar.cause());
      }
      return;
    }
    Grant g = ar.result();
    lease.rollAt = now + TimeUnit.MILLISECONDS.toNanos(g.resetMs());
    if (g.granted() == 0) {
      lease.retryAt = now + TimeUnit.MILLISECONDS.toNanos(g.retryAfterMs());
      lease.recheckAt = Math.min(lease.retryAt, now + leaseNanos);
      lease.nextSize = 1;
      lease.granted = 0;
      lease.expiresAt = 0;
      while (!lease.waiters.isEmpty()) {
        lease.waiters.poll().complete(rejected(lease, now));
      }
      return;
    }
    lease.tokens = g.granted();
    lease.granted = g.granted();
    lease.window = g.window();
    lease.remaining = g.remaining();
    lease.expiresAt = Math.min(now + leaseNanos, lease.rollAt);
    while (lease.tokens > 0 && !lease.waiters.isEmpty()) {
      lease.tokens--;
      lease.waiters.poll().complete(allowed(lease, now));
    }
    if (!lease.waiters.isEmpty()) {
      lease.nextSize = Math.min(leaseMax, lease.granted * 2);
      fetch(rateKey, lease);
    }
  }

  /** Ends the current lease: its unused requests go back, and the next lease asks for what this one used. */
  private void end(String rateKey, Lease lease) {
    long unused = lease.tokens;
    lease.tokens = 0;
    lease.expiresAt = 0;
    lease.nextSize = Math.max(1, lease.granted - unused);
    limiter.giveBack(rateKey, lease.window, unused)
        .onFailure(err -> LOG.debug("could not give back {} unused requests of a lease: {}", unused, err.toString()));
  }

  private Decision allowed(Lease lease, long now) {
    return new Decision(true, limiter.limit(), lease.remaining + lease.tokens, millisUntil(lease.rollAt, now), 0);
  }

  private Decision rejected(Lease lease, long now) {
    return new Decision(false, limiter.limit(), 0, millisUntil(lease.rollAt, now),
        Math.max(1, millisUntil(lease.retryAt, now)));
  }

  private static long millisUntil(long at, long now) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - now));
  }
}
