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
 * Use it with {@code @ExtendWith(RedisExtension.class)} and a {@code TestRedis} parameter.
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
    TestRedis redis = context.getStore(NS).remove("redis", TestRedis.class);
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get("redis", TestRedis.class);
  }

  /** For fault tests: skip when the Redis is not one this suite started. */
  public static void assumeOwned(TestRedis redis) {
    Assumptions.assumeTrue(redis.owned(), "needs a redis-server the suite started itself");
  }
}
