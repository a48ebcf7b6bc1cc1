package io.redwire.leaderboard;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** The leaderboard tests on a three-master Redis Cluster. */
@RedwireTest(redis = RedisSource.CLUSTER)
class LeaderboardClusterIT extends LeaderboardIT {

  @BeforeAll
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }
}
