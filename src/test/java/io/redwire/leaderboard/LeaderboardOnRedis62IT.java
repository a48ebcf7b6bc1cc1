package io.redwire.leaderboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leaderboard tests on Redis 6.2, the project's version floor: the scripts (best included, which
 * compares in Lua rather than with ZADD GT, as the tie-break lives in the member text) use nothing newer.
 */
@RedwireTest(redis = RedisSource.BUNDLED_6_2)
class LeaderboardOnRedis62IT extends LeaderboardIT {

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
