package io.redwire.visitor;

import io.redwire.support.TestRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Returning/new visitors on Redis 7+ (redis-server from the PATH): the SINTERCARD path. Skipped when
 * the PATH has no Redis 7 (the suite then runs on the bundled 6.2, which the 6.2 class covers).
 */
class VisitorSetAlgebraRedis7IT extends VisitorSetAlgebraIT {

  @BeforeAll
  static void start() {
    TestRedis redis = TestRedis.start();
    String server = redis.client().string("INFO", "server");
    if (!server.matches("(?s).*redis_version:([7-9]|[1-9][0-9])\\..*")) {
      redis.close();
      Assumptions.abort("needs Redis 7 or later on the PATH");
    }
    startWith(redis);
  }

  @Override
  boolean hasSintercard() {
    return true;
  }
}
