package io.redwire.stream;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;

/** The stream scenarios on one Redis and on a three-master Redis Cluster. */
@RedwireTest(env = {"REDWIRE_STREAM_MAX_EVENT_BYTES=1024", "REDWIRE_STREAM_MAXLEN=50",
    "REDWIRE_STREAM_CLAIM_INTERVAL_MS=200"})
@OnEveryTopology
class StreamsIT extends StreamScenarios {

  @BeforeEachTopology
  static void start(TestRedis redis, TestApp app) {
    startWith(redis, app);
  }
}
