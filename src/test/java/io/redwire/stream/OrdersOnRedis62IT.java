package io.redwire.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order scenarios on Redis 6.2, the version floor (XINFO GROUPS has no lag there: it is counted). */
@RedwireTest(redis = RedisSource.BUNDLED_6_2,
    env = {"REDWIRE_STREAM_CLAIM_IDLE_MS=300", "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200",
    "REDWIRE_STREAM_MAX_DELIVERIES=3", "REDWIRE_STREAM_BLOCK_MS=500"})
class OrdersOnRedis62IT extends OrderScenarios {

  @BeforeAll
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }

  @Test
  void theServerIsTheVersionFloor() {
    String server = redis.client().string("INFO", "server");
    assertTrue(server.contains("redis_version:6.2"), server);
  }
}
