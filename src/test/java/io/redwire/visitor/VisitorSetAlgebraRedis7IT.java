package io.redwire.visitor;

import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** Returning/new visitors on Redis 7 (redis-server from the PATH): the SINTERCARD path. */
class VisitorSetAlgebraRedis7IT extends VisitorSetAlgebraIT {

  @BeforeAll
  static void start() {
    startWith(TestRedis.start());
  }

  @Override
  boolean hasSintercard() {
    return true;
  }
}
