package io.redwire.stream;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;

/** The billing faults on one Redis and on a three-master Redis Cluster. */
@RedwireTest(env = {"REDWIRE_STREAM_CLAIM_IDLE_MS=300", "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200",
    "REDWIRE_STREAM_MAX_DELIVERIES=5", "REDWIRE_STREAM_BLOCK_MS=1000", "REDWIRE_STREAM_CONSUMER_REMOVE_IDLE_MS=1000"})
@OnEveryTopology
class BillingFaultsIT extends BillingFaultScenarios {

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp started) {
    startWith(redis);
  }
}
