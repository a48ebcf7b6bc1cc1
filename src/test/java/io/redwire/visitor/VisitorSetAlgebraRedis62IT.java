package io.redwire.visitor;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** Returning/new visitors on the bundled Redis 6.2 (the version floor): the SINTER/SDIFF path. */
@RedwireTest(redis = RedisSource.BUNDLED_6_2)
class VisitorSetAlgebraRedis62IT extends VisitorSetAlgebraIT {

  @BeforeAll
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }

  @Override
  boolean hasSintercard() {
    return false;
  }
}
