package io.redwire.support;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts more apps on the class's Redis, for tests that need another configuration or a second
 * replica. The {@link RedisExtension} stops them when the test method ends (for a test method's
 * parameter) or when the class ends (for a {@code @BeforeAll} parameter).
 */
public final class TestApps {

  private final TestRedis redis;
  private final Map<String, String> classEnv;
  private final Closer closer;

  TestApps(TestRedis redis, Map<String, String> classEnv, Closer closer) {
    this.redis = redis;
    this.classEnv = classEnv;
    this.closer = closer;
  }

  /** An app with the class's settings ({@link RedwireTest#env()}) and its own key prefix. */
  public TestApp start() {
    return start(Map.of());
  }

  /** An app with the class's settings, then {@code env} on top. */
  public TestApp start(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(classEnv);
    all.putAll(env);
    return closer.add(TestApp.start(redis, all));
  }

  /** Another replica of {@code app}: the same configuration (key prefix included) on a port of its own. */
  public TestApp replicaOf(TestApp app) {
    return closer.add(TestApp.start(app.app().config()));
  }
}
