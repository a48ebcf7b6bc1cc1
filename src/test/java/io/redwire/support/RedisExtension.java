package io.redwire.support;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real Redis: a redis-server of its own on a free loopback port (from the PATH,
 * else the bundled 6.2), stopped after the class. With {@code REDIS_URL} set in the environment the
 * class runs against that external Redis instead (tests then rely on their unique key prefixes, never
 * flush it, and tests that need to stop or restart the server are skipped).
 * Use it with {@code @ExtendWith(RedisExtension.class)} and {@code TestRedis} or {@code TestApp} parameters
 * (on {@code @BeforeAll} or test methods): both live for the test class.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    String external = System.getenv("REDIS_URL");
    TestRedis redis = external == null || external.isBlank() ? TestRedis.start() : TestRedis.external(URI.create(external));
    context.getStore(NS).put("redis", redis);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestApp app = context.getStore(NS).remove("app", TestApp.class);
    if (app != null) {
      app.close();
    }
    TestRedis redis = context.getStore(NS).remove("redis", TestRedis.class);
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestRedis.class || type == TestApp.class;
  }

  /** A TestRedis, or a TestApp with the test defaults on it, started once per class and closed after it. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = classStore(context);
    TestRedis redis = store.get("redis", TestRedis.class);
    if (parameter.getParameter().getType() == TestRedis.class) {
      return redis;
    }
    return store.getOrComputeIfAbsent("app", k -> TestApp.start(redis.url()), TestApp.class);
  }

  private static ExtensionContext.Store classStore(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NS);
  }

  /** For fault tests: skip when the Redis is not one this suite started. */
  public static void assumeOwned(TestRedis redis) {
    Assumptions.assumeTrue(redis.owned(), "needs a redis-server the suite started itself");
  }
}
