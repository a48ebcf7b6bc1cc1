package io.redwire.stream;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import org.junit.jupiter.api.BeforeAll;

/** The stream scenarios on Redis 6.2, the version floor: group lag counted, XAUTOCLAIM's two-element reply. */
@RedwireTest(redis = RedisSource.BUNDLED_6_2, env = {"REDWIRE_STREAM_MAX_EVENT_BYTES=1024", "REDWIRE_STREAM_MAXLEN=50",
    "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200"})
class StreamsOnRedis62IT extends StreamScenarios {

  @BeforeAll
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }
}
