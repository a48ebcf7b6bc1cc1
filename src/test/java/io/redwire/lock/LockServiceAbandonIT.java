package io.redwire.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.redwire.domain.Conflict;
import io.redwire.platform.Platform;
import io.redwire.redis.Backoff;
import io.redwire.support.RedwireTest;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An abandoned waiting acquire, step by step: the tries are answered by the test (a scripted backend), the
 * release subscription is the app's real one. Re-checks come only every 10-20 s, so any further try within
 * the test is a waiter that did not stop.
 */
@RedwireTest
class LockServiceAbandonIT {

  static final long SHORT_WAIT_MS = 200;

  ScriptedBackend backend;
  LockService locks;
  LockKeys keys;
  Context context;
  TestRedis redis;

  @BeforeEach
  void setUp(TestRedis r, TestApp app) {
    Platform platform = app.app().platform();
    redis = r;
    backend = new ScriptedBackend();
    keys = new LockKeys(platform.keySpace());
    locks = new LockService(platform.vertx(), backend, new LockWaiters(platform.subscriber()), keys,
        new Backoff(10_000, 20_000), Clock.systemUTC());
    context = platform.vertx().getOrCreateContext();
  }

  @Test
  void abandonedWhileATryIsInFlightItStopsAndHandsOverTheLockThatTryGot() throws Exception {
    Promise<Void> abandoned = Promise.promise();
    Future<LockService.Lock> result = start("in-flight", abandoned);
    answer(nextTry(), LockBackend.Attempt.held(30_000));
    Promise<LockBackend.Attempt> second = nextTry(); // after subscribing, the waiter looks once more
    awaitSubscribers("in-flight", 1);

    context.runOnContext(v -> abandoned.complete());
    awaitSubscribers("in-flight", 0);
    assertFalse(result.isComplete(), "the try on the wire still reports");
    answer(second, LockBackend.Attempt.granted(42, 30_000));
    assertEquals(42, outcome(result).fence(), "a lock that try got reaches the caller, who releases it");
    assertNull(backend.tries.poll(SHORT_WAIT_MS, TimeUnit.MILLISECONDS), "no further try");
  }

  @Test
  void abandonedBetweenTriesItStopsAtOnce() throws Exception {
    Promise<Void> abandoned = Promise.promise();
    Future<LockService.Lock> result = start("between", abandoned);
    answer(nextTry(), LockBackend.Attempt.held(30_000));
    answer(nextTry(), LockBackend.Attempt.held(30_000)); // the next re-check is 10-20 s away
    awaitSubscribers("between", 1);

    context.runOnContext(v -> abandoned.complete());
    assertInstanceOf(Conflict.class, failure(result));
    awaitSubscribers("between", 0);
    assertNull(backend.tries.poll(SHORT_WAIT_MS, TimeUnit.MILLISECONDS), "no further try");
  }

  @Test
  void abandonedDuringTheFirstTryItNeverStartsWaiting() throws Exception {
    Promise<Void> abandoned = Promise.promise();
    Future<LockService.Lock> result = start("first", abandoned);
    Promise<LockBackend.Attempt> first = nextTry();
    context.runOnContext(v -> abandoned.complete());
    answer(first, LockBackend.Attempt.held(30_000));
    assertInstanceOf(Conflict.class, failure(result));
    assertNull(backend.tries.poll(SHORT_WAIT_MS, TimeUnit.MILLISECONDS), "no further try");
    assertEquals(0L, subscribers("first"), "never subscribed");
  }

  /** A waiting acquire (waitMs 20 s) started on the context, as a route would. */
  Future<LockService.Lock> start(String resource, Promise<Void> abandoned) throws Exception {
    CompletableFuture<Future<LockService.Lock>> started = new CompletableFuture<>();
    context.runOnContext(v -> started.complete(locks.acquire(resource, 30_000, 20_000, abandoned.future())));
    return started.get(5, TimeUnit.SECONDS);
  }

  Promise<LockBackend.Attempt> nextTry() throws InterruptedException {
    Promise<LockBackend.Attempt> next = backend.tries.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("the service made no try");
    }
    return next;
  }

  /** Answers a try on the context, where Redis replies would arrive. */
  void answer(Promise<LockBackend.Attempt> attempt, LockBackend.Attempt answer) {
    context.runOnContext(v -> attempt.complete(answer));
  }

  static LockService.Lock outcome(Future<LockService.Lock> result) throws Exception {
    return result.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<LockService.Lock> result) throws Exception {
    try {
      throw new AssertionError("succeeded: " + outcome(result));
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  long subscribers(String resource) {
    try (RespClient c = redis.client()) {
      return (Long) c.list("PUBSUB", "NUMSUB", keys.releasedChannel(resource)).get(1);
    }
  }

  void awaitSubscribers(String resource, long count) {
    await("NUMSUB " + count).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> subscribers(resource) == count);
  }

  /** Tries wait for the test's answer; nothing else is used by a waiting acquire. */
  static final class ScriptedBackend implements LockBackend {
    final BlockingQueue<Promise<Attempt>> tries = new LinkedBlockingQueue<>();

    @Override
    public Future<Attempt> tryAcquire(String resource, String token, long ttlMs) {
      Promise<Attempt> attempt = Promise.promise();
      tries.add(attempt);
      return attempt.future();
    }

    @Override
    public Future<Boolean> release(String resource, String token) {
      return Future.succeededFuture(true);
    }

    @Override
    public Future<Extension> extend(String resource, String token, long ttlMs) {
      return Future.succeededFuture(Extension.NOT_OWNER);
    }

    @Override
    public Future<Status> status(String resource) {
      return Future.succeededFuture(new Status(false, 0, 0));
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
