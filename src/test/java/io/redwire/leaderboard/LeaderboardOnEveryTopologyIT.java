package io.redwire.leaderboard;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;

/** The leaderboard tests on one Redis and on a three-master Redis Cluster. */
@RedwireTest
@OnEveryTopology
class LeaderboardOnEveryTopologyIT extends LeaderboardIT {

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }
}
