package io.redwire.visitor;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.Assumptions;

/**
 * Returning/new visitors on Redis 7+ (redis-server from the PATH, or REDIS_URL's), standalone and on a
 * cluster (every day's set shares the {days} tag): the SINTERCARD path. Skipped when that is not Redis 7
 * (the suite then runs on the bundled 6.2, which the 6.2 class covers; a cluster needs 7 anyway).
 */
@RedwireTest
@OnEveryTopology
class VisitorSetAlgebraRedis7IT extends VisitorSetAlgebraIT {

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp app) {
    String server = redis.client().string("INFO", "server");
    Assumptions.assumeTrue(server.matches("(?s).*redis_version:([7-9]|[1-9][0-9])\\..*"),
        "needs Redis 7 or later");
    startWith(redis, app);
  }

  @Override
  boolean hasSintercard() {
    return true;
  }
}
