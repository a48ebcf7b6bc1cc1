package io.redwire.lock;

import io.redwire.domain.Unavailable;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Redlock over N >= 3 independent Redis nodes: a lock is held when a majority granted it within its
 * validity time ({@code ttl - elapsed - drift}, drift = ttl * clockDriftFactor + 2 ms). Every try runs
 * on all nodes in parallel with a per-node timeout that is small against the ttl, so a dead node cannot
 * eat the validity; a failed try is released on all nodes. Release and extend run on all nodes too.
 *
 * <p>Fences: every node keeps its own durable last fence and issues max(last + 1, its clock in
 * microseconds). The lock's fence is the max over the granting majority, and before the try counts as
 * granted that max is written back to the granting nodes ({@code fence_raise.lua}), on at least a
 * majority. Any later majority shares a node with this one, whose last fence is then at or above this
 * fence, so fences strictly increase while the nodes keep their data; when they lose it, the nodes' clock
 * floors keep fences rising as long as the clocks agree to within the time between acquisitions.
 *
 * <p>When fewer than a majority of nodes answer, the outcome is unknown rather than "held":
 * {@link Unavailable} {@code lock-quorum-unavailable}, which a client may retry.
 */
final class RedlockLocks implements LockBackend {

  /** Redlock's constant part of the drift allowance (clock granularity on both sides). */
  static final long DRIFT_CONSTANT_MS = 2;
  /** Redlock nodes are independent Redis servers, never a sharded cluster. */
  private static final String NODE_PUBLISH = "PUBLISH";
  /** Per-node timeout: a tenth of the ttl, so a slow node costs at most 10% of the validity ... */
  static final long NODE_TIMEOUT_TTL_DIVISOR = 10;
  /** ... but at least a loopback/LAN round trip ... */
  static final long NODE_TIMEOUT_MIN_MS = 10;
  /** ... and at most this long, since a node slower than that is better counted as absent. */
  static final long NODE_TIMEOUT_MAX_MS = 250;

  private final List<SharedRedis> nodes;
  private final SharedRedis notifier;
  private final Command notifyCommand;
  private final LockKeys keys;
  private final LockScripts scripts;
  private final double clockDriftFactor;

  /**
   * @param notifier where waiters listen for releases (the durable endpoint): the nodes' own PUBLISH
   *     reaches no subscriber, so a release also publishes there
   * @param shardedNotifier the notifier's Pub/Sub is sharded (SPUBLISH)
   */
  RedlockLocks(List<SharedRedis> nodes, SharedRedis notifier, boolean shardedNotifier, LockKeys keys,
      LockScripts scripts, double clockDriftFactor) {
    this.nodes = List.copyOf(nodes);
    this.notifier = notifier;
    this.notifyCommand = shardedNotifier ? Command.SPUBLISH : Command.PUBLISH;
    this.keys = keys;
    this.scripts = scripts;
    this.clockDriftFactor = clockDriftFactor;
  }

  int majority() {
    return nodes.size() / 2 + 1;
  }

  long driftMs(long ttlMs) {
    return (long) (ttlMs * clockDriftFactor) + DRIFT_CONSTANT_MS;
  }

  static long nodeTimeoutMs(long ttlMs) {
    return Math.max(NODE_TIMEOUT_MIN_MS, Math.min(NODE_TIMEOUT_MAX_MS, ttlMs / NODE_TIMEOUT_TTL_DIVISOR));
  }

  @Override
  public Future<Attempt> tryAcquire(String resource, String token, long ttlMs) {
    long start = System.nanoTime();
    long nodeTimeout = nodeTimeoutMs(ttlMs);
    List<Future<Attempt>> tries = onAll(n -> SingleNodeLocks.acquireOn(n, keys, scripts, resource, token, ttlMs),
        nodeTimeout);
    return Future.join(tries).transform(ignored -> {
      int answered = 0;
      long maxFence = 0;
      long holderRemaining = -1;
      List<SharedRedis> granting = new ArrayList<>();
      for (int i = 0; i < tries.size(); i++) {
        Future<Attempt> t = tries.get(i);
        if (t.failed()) {
          continue;
        }
        answered++;
        Attempt a = t.result();
        if (a.granted()) {
          granting.add(nodes.get(i));
          maxFence = Math.max(maxFence, a.fence());
        } else if (a.holderRemainingMs() > 0) {
          // the earliest a node frees up: a cheap upper bound for the waiter's next try
          holderRemaining = holderRemaining < 0 ? a.holderRemainingMs() : Math.min(holderRemaining, a.holderRemainingMs());
        }
      }
      int answeredNodes = answered;
      long heldFor = holderRemaining;
      if (granting.size() < majority()) {
        return releaseEverywhere(resource, token).transform(x -> answeredNodes >= majority()
            ? Future.succeededFuture(Attempt.held(heldFor))
            : Future.failedFuture(quorumUnavailable(answeredNodes)));
      }
      long fence = maxFence;
      return raiseFences(granting, resource, fence, nodeTimeout).compose(raised -> {
        long validity = ttlMs - elapsedMs(start) - driftMs(ttlMs);
        if (raised >= majority() && validity > 0) {
          return Future.succeededFuture(Attempt.granted(fence, validity));
        }
        // too slow, or the fence could not be made durable on a majority: give the lock back
        return releaseEverywhere(resource, token).transform(x -> raised >= majority()
            ? Future.succeededFuture(Attempt.held(-1))
            : Future.failedFuture(quorumUnavailable(raised)));
      });
    });
  }

  /** How many of the granting nodes now have a last fence at or above the fence. */
  private Future<Integer> raiseFences(List<SharedRedis> granting, String resource, long fence, long nodeTimeout) {
    List<Future<Long>> raises = new ArrayList<>();
    for (SharedRedis n : granting) {
      raises.add(n.eval(scripts.fenceRaise(), List.of(keys.fence(resource)), List.of(String.valueOf(fence)))
          .map(r -> r.toLong())
          .timeout(nodeTimeout, TimeUnit.MILLISECONDS));
    }
    return Future.join(raises).transform(ignored -> {
      int ok = 0;
      for (Future<Long> r : raises) {
        if (r.succeeded() && r.result() >= fence) {
          ok++;
        }
      }
      return Future.succeededFuture(ok);
    });
  }

  private Future<Void> releaseEverywhere(String resource, String token) {
    return Future.join(onAll(n -> SingleNodeLocks.releaseOn(n, keys, scripts, resource, token, NODE_PUBLISH), Long.MAX_VALUE))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<Boolean> release(String resource, String token) {
    List<Future<Boolean>> releases =
        onAll(n -> SingleNodeLocks.releaseOn(n, keys, scripts, resource, token, NODE_PUBLISH), Long.MAX_VALUE);
    return Future.join(releases).transform(ignored -> {
      int answered = 0;
      int released = 0;
      for (Future<Boolean> r : releases) {
        if (r.succeeded()) {
          answered++;
          if (r.result()) {
            released++;
          }
        }
      }
      if (released > 0) {
        // best effort: a lost wake-up only delays waiters until their next backoff try
        notifier.send(notifyCommand, keys.releasedChannel(resource), "released");
        return Future.succeededFuture(true);
      }
      return answered >= majority() ? Future.succeededFuture(false) : Future.failedFuture(quorumUnavailable(answered));
    });
  }

  @Override
  public Future<Extension> extend(String resource, String token, long ttlMs) {
    long start = System.nanoTime();
    List<Future<Extension>> extensions =
        onAll(n -> SingleNodeLocks.extendOn(n, keys, scripts, resource, token, ttlMs), nodeTimeoutMs(ttlMs));
    return Future.join(extensions).transform(ignored -> {
      int answered = 0;
      int extended = 0;
      long fence = 0;
      for (Future<Extension> e : extensions) {
        if (e.succeeded()) {
          answered++;
          if (e.result().extended()) {
            extended++;
            fence = Math.max(fence, e.result().fence());
          }
        }
      }
      long validity = ttlMs - elapsedMs(start) - driftMs(ttlMs);
      if (extended >= majority() && validity > 0) {
        return Future.succeededFuture(new Extension(true, fence, validity));
      }
      return answered >= majority()
          ? Future.succeededFuture(Extension.NOT_OWNER)
          : Future.failedFuture(quorumUnavailable(answered));
    });
  }

  @Override
  public Future<Status> status(String resource) {
    List<Future<Status>> reads = onAll(n -> SingleNodeLocks.statusOn(n, keys, scripts, resource), Long.MAX_VALUE);
    return Future.join(reads).transform(ignored -> {
      int answered = 0;
      long fence = 0;
      List<Long> heldTtls = new ArrayList<>();
      for (Future<Status> r : reads) {
        if (r.succeeded()) {
          answered++;
          fence = Math.max(fence, r.result().fence());
          if (r.result().held()) {
            heldTtls.add(r.result().ttlMs());
          }
        }
      }
      if (answered < majority()) {
        return Future.failedFuture(quorumUnavailable(answered));
      }
      if (heldTtls.size() < majority()) {
        return Future.succeededFuture(new Status(false, fence, 0));
      }
      // held until fewer than a majority of nodes still have it: the majority-th longest lease
      heldTtls.sort((a, b) -> Long.compare(b, a));
      return Future.succeededFuture(new Status(true, fence, heldTtls.get(majority() - 1)));
    });
  }

  @Override
  public Future<Void> close() {
    return Future.join(nodes.stream().map(SharedRedis::close).toList()).mapEmpty();
  }

  private <T> List<Future<T>> onAll(Function<SharedRedis, Future<T>> call, long timeoutMs) {
    List<Future<T>> all = new ArrayList<>(nodes.size());
    for (SharedRedis n : nodes) {
      Future<T> f;
      try {
        f = call.apply(n);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      all.add(timeoutMs == Long.MAX_VALUE ? f : f.timeout(timeoutMs, TimeUnit.MILLISECONDS));
    }
    return all;
  }

  private Unavailable quorumUnavailable(int answered) {
    return new Unavailable("lock-quorum-unavailable", "Only " + answered + " of " + nodes.size()
        + " lock nodes answered; a majority of " + majority() + " is needed", null);
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
