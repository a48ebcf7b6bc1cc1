package io.redwire.stream;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;

/** The order scenarios on one Redis and on a three-master Redis Cluster. */
@RedwireTest(env = {"REDWIRE_STREAM_CLAIM_IDLE_MS=300", "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200",
    "REDWIRE_STREAM_MAX_DELIVERIES=3", "REDWIRE_STREAM_BLOCK_MS=500"})
@OnEveryTopology
class OrdersIT extends OrderScenarios {

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }
}
