package io.redwire.visitor;

import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** Returning/new visitors on the bundled Redis 6.2 (the version floor): the SINTER/SDIFF path. */
class VisitorSetAlgebraRedis62IT extends VisitorSetAlgebraIT {

  @BeforeAll
  static void start() {
    startWith(TestRedis.startBundled());
  }

  @Override
  boolean hasSintercard() {
    return false;
  }
}
