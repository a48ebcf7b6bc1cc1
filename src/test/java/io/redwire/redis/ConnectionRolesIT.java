package io.redwire.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.platform.Platform;
import io.redwire.support.RedisExtension;
import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The platform's three connection roles against a real redis-server: shared, dedicated, subscriber. */
@RedwireTest(redis = RedisSource.PRIVATE)
class ConnectionRolesIT {

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theSharedClientRefusesCommandsThatHoldTheirConnection(TestApp app) {
    SharedRedis shared = app.app().platform().durable();
    String list = app.prefix() + "refused";
    List<Request> holding = List.of(
        Request.cmd(Command.BLPOP).arg(list).arg(1),
        Request.cmd(Command.BLMOVE).arg(list).arg(list + ":to").arg("LEFT").arg("RIGHT").arg(1),
        Request.cmd(Command.XREADGROUP).arg("GROUP").arg("g").arg("c").arg("block").arg(100)
            .arg("STREAMS").arg(list).arg(">"),
        Request.cmd(Command.XREAD).arg("BLOCK").arg(100).arg("STREAMS").arg(list).arg("$"),
        Request.cmd(Command.SUBSCRIBE).arg(list),
        Request.cmd(Command.MULTI),
        Request.cmd(Command.WAIT).arg(1).arg(100));
    for (Request request : holding) {
      // on an event loop (its pipelined lane) and from this thread (the pool) alike
      IllegalArgumentException onLane = assertThrows(IllegalArgumentException.class,
          () -> onEventLoop(app, () -> shared.send(request)), request.command().toString());
      assertTrue(onLane.getMessage().contains("dedicated"), onLane.getMessage());
      assertThrows(IllegalArgumentException.class, () -> shared.send(request));
      assertThrows(IllegalArgumentException.class, () -> shared.batch(List.of(Request.cmd(Command.PING), request)));
    }
    // the lane is untouched, and a stream read without BLOCK is an ordinary command
    assertEquals("PONG", onEventLoop(app, () -> shared.send(Command.PING)).toString());
    shared.send(Command.XADD, list + ":s", "*", "f", "v").await();
    Response read = onEventLoop(app, () -> shared.send(Command.XREAD, "COUNT", 1, "STREAMS", list + ":s", "0"));
    assertTrue(read.containsKey(list + ":s"), read.toString());
  }

  @Test
  void aDedicatedClientBlocksWithoutStallingTheSharedOneAndItsCloseAbortsTheBlock(TestApp app) {
    Platform platform = app.app().platform();
    DedicatedRedis worker = platform.dedicated("test-worker", platform.durable(), 2);
    String queue = app.prefix() + "jobs";

    Future<Response> handed = worker.blocking(Request.cmd(Command.BLPOP).arg(queue).arg(30), 30_000);
    // the HTTP path and the shared client carry on while the pop blocks
    for (int i = 0; i < 20; i++) {
      assertEquals(200, app.post("/api/v1/counters/while-blocked/incr", null, TestApp.SERVICE_KEY).status());
    }
    platform.durable().send(Command.RPUSH, queue, "job-1").await();
    assertEquals("job-1", handed.await().get(1).toString());

    Future<Response> stuck = worker.blocking(Request.cmd(Command.BLPOP).arg(queue).arg(60), 60_000);
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !stuck.isComplete());
    worker.close().await();
    await().atMost(WAIT).until(stuck::isComplete);
    assertTrue(stuck.failed(), "the blocked pop is aborted, not left to run out its 60 s");
    assertTrue(worker.isClosed());
  }

  @Test
  void theSubscriberHoldsOneSubscriptionPerChannelAndTellsListenersAfterARestart(TestRedis redis, TestApp app) {
    RedisSubscriber subscriber = app.app().platform().subscriber();
    String channel = app.prefix() + "news";
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    List<String> resubscribed = new CopyOnWriteArrayList<>();
    List<Boolean> onTheirContext = new CopyOnWriteArrayList<>();
    Context listenerContext = app.vertx().getOrCreateContext();
    RedisSubscriber.Subscription a = onContext(listenerContext, () -> subscriber.subscribe(channel, listener(first,
        resubscribed, () -> onTheirContext.add(app.vertx().getOrCreateContext() == listenerContext))));
    RedisSubscriber.Subscription b = subscriber.subscribe(channel, listener(second, resubscribed, () -> {}));

    await().atMost(WAIT).until(() -> subscribers(redis, channel) == 1L);
    await().atMost(WAIT).untilAsserted(() -> {
      redis.call("PUBLISH", channel, "hello");
      assertFalse(first.isEmpty());
      assertFalse(second.isEmpty());
    });
    assertTrue(onTheirContext.stream().allMatch(Boolean::booleanValue), "listeners run on the context they subscribed from");

    redis.restart();
    await().atMost(WAIT).until(() -> resubscribed.size() == 2);
    first.clear();
    await().atMost(WAIT).untilAsserted(() -> {
      redis.call("PUBLISH", channel, "again");
      assertTrue(first.contains("again"));
    });

    a.cancel();
    assertEquals(1L, subscribers(redis, channel), "still wanted by the second listener");
    b.cancel();
    await().atMost(WAIT).until(() -> subscribers(redis, channel) == 0L);
    assertEquals(0, subscriber.channelCount());
  }

  private static RedisSubscriber.Listener listener(List<String> received, List<String> resubscribed, Runnable onMessage) {
    return new RedisSubscriber.Listener() {
      @Override
      public void onMessage(String channel, String message) {
        onMessage.run();
        received.add(message);
      }

      @Override
      public void onResubscribed() {
        resubscribed.add("again");
      }
    };
  }

  private static long subscribers(TestRedis redis, String channel) {
    return (Long) ((List<?>) redis.call("PUBSUB", "NUMSUB", channel)).get(1);
  }

  /** Runs the call on an event loop, where the shared client uses that loop's pipelined lane. */
  private static <T> T onEventLoop(TestApp app, Supplier<Future<T>> call) {
    return onContext(app.vertx().getOrCreateContext(), call::get).await();
  }

  private static <T> T onContext(Context context, Supplier<T> call) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(call.get());
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future().await();
  }
}
