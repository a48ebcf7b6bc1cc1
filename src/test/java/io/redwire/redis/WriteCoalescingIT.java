package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redwire.config.ConfigLoader;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Commands sent in one event-loop turn reach Redis in one write, so a burst of requests costs Redis (and
 * the server) a few socket reads instead of one per command; replies still match their commands.
 */
@RedwireTest
class WriteCoalescingIT {

  private static final Pattern READS = Pattern.compile("total_reads_processed:(\\d+)");

  @Test
  void oneTurnsCommandsArriveTogetherAndAnswerInOrder(TestRedis redis) {
    Vertx vertx = Vertx.vertx();
    SharedRedis shared = RedisFactory.shared(vertx, "test", redis.url(),
        ConfigLoader.load(TestApp.env(redis.url(), Map.of())).redis(), 1, new SimpleMeterRegistry());
    try {
      Context loop = vertx.getOrCreateContext();
      onLoop(loop, () -> shared.ping(5_000)); // opens this event loop's pipelined connection
      String key = "coalesce:" + UUID.randomUUID();
      int commands = 200;

      long readsBefore = reads(redis);
      List<Response> replies = onLoop(loop, () -> {
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
          sent.add(shared.send(Request.cmd(Command.INCR).arg(key)));
        }
        return Future.all(sent).map(all -> all.<Response>list());
      });
      long reads = reads(redis) - readsBefore - 1; // minus the INFO call's own read

      for (int i = 0; i < commands; i++) {
        assertEquals(i + 1, replies.get(i).toLong(), "reply " + i + " belongs to command " + i);
      }
      assertTrue(reads <= 4, commands + " commands took Redis " + reads + " reads");
    } finally {
      shared.close().await();
      vertx.close().await();
    }
  }

  private static <T> T onLoop(Context loop, java.util.function.Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().await();
  }

  private static long reads(TestRedis redis) {
    Matcher m = READS.matcher(redis.client().string("INFO", "stats"));
    assertTrue(m.find(), "INFO stats has total_reads_processed (Redis 6+)");
    return Long.parseLong(m.group(1));
  }
}
