package io.redwire.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redwire.config.AppConfig;
import io.redwire.config.ConfigLoader;
import io.redwire.redis.RedisFactory;
import io.redwire.redis.RedisTarget;
import io.redwire.redis.SharedRedis;
import io.redwire.support.SentinelSet;
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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On sentinel too, the commands of one event-loop turn reach the master in one write: the lane sends on
 * the connection inside the client's failover wrapper, where write coalescing is installed.
 */
class SentinelWriteCoalescingIT {

  private static final Pattern READS = Pattern.compile("total_reads_processed:(\\d+)");

  @Test
  void oneTurnsCommandsArriveTogetherOnTheSentinelMaster() {
    try (SentinelSet set = SentinelSet.start()) {
      Vertx vertx = Vertx.vertx();
      AppConfig.Redis config = ConfigLoader.load(TestApp.env(set.sentinelUrl(), set.appEnv())).redis();
      SharedRedis shared = RedisFactory.shared(vertx, "test",
          new RedisTarget(AppConfig.RedisType.SENTINEL, set.sentinelUrl(), SentinelSet.MASTER_NAME), config, 1,
          new SimpleMeterRegistry());
      try {
        Context loop = vertx.getOrCreateContext();
        onLoop(loop, () -> shared.ping(5_000)); // opens this event loop's pipelined connection
        String key = "coalesce:" + UUID.randomUUID();
        int commands = 200;

        long readsBefore = reads(set.master());
        List<Response> replies = onLoop(loop, () -> {
          List<Future<Response>> sent = new ArrayList<>();
          for (int i = 0; i < commands; i++) {
            sent.add(shared.send(Request.cmd(Command.INCR).arg(key)));
          }
          return Future.all(sent).map(all -> all.<Response>list());
        });
        long reads = reads(set.master()) - readsBefore - 1; // minus the INFO call's own read

        for (int i = 0; i < commands; i++) {
          assertEquals(i + 1, replies.get(i).toLong(), "reply " + i + " belongs to command " + i);
        }
        assertTrue(reads <= 4, commands + " commands took the master " + reads + " reads");
      } finally {
        shared.close().await();
        vertx.close().await();
      }
    }
  }

  private static <T> T onLoop(Context loop, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(done));
    return done.future().await();
  }

  private static long reads(TestRedis redis) {
    Matcher m = READS.matcher(String.valueOf(redis.call("INFO", "stats")));
    assertTrue(m.find(), "INFO stats has total_reads_processed (Redis 6+)");
    return Long.parseLong(m.group(1));
  }
}
