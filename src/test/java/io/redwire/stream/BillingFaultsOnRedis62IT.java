package io.redwire.stream;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** The billing faults on Redis 6.2, the version floor: claims from a dead consumer, its removal, a restart. */
@RedwireTest(redis = RedisSource.BUNDLED_6_2,
    env = {"REDWIRE_STREAM_CLAIM_IDLE_MS=300", "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200",
    "REDWIRE_STREAM_MAX_DELIVERIES=5", "REDWIRE_STREAM_BLOCK_MS=1000", "REDWIRE_STREAM_CONSUMER_REMOVE_IDLE_MS=1000"})
class BillingFaultsOnRedis62IT extends BillingFaultScenarios {

  @BeforeAll
  static void start(TestRedis redis) {
    startWith(redis);
  }
}
