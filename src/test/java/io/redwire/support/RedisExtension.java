package io.redwire.support;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Owns the lifecycle of an integration test class: its Redis (see {@link RedisSource}) starts before
 * the class, its {@link TestApp} on first use, and both stop after the class, as does whatever the
 * {@link TestApps} and {@link RedisServers} factories started (or after the test method, when they
 * were a test method's parameter). Settings come from {@link RedwireTest}; a class with just
 * {@code @ExtendWith(RedisExtension.class)} gets the defaults.
 *
 * <p>With {@code REDIS_URL} set in the environment, classes on the default source run against that
 * external Redis instead: tests then rely on their unique key prefixes, never flush it, and tests
 * that need to stop, restart or flush it are skipped ({@link #assumeOwned}).
 */
public final class RedisExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);
  private static final Set<Class<?>> INJECTED =
      Set.of(TestRedis.class, TestApp.class, TestApps.class, RedisServers.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    RedwireTest settings = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RedwireTest.class)
        .orElse(null);
    RedisSource source = settings == null ? RedisSource.DEFAULT : settings.redis();
    Map<String, String> env = settings == null ? Map.of() : parseEnv(settings.env());
    // an AutoCloseable in the class's store: JUnit closes it when the class is done
    context.getStore(NS).put(ClassFixture.class, new ClassFixture(createRedis(source), env));
  }

  /** The one place a class's Redis is made. */
  private static TestRedis createRedis(RedisSource source) {
    String external = System.getenv("REDIS_URL");
    return switch (source) {
      case DEFAULT -> external == null || external.isBlank()
          ? TestRedis.start() : TestRedis.external(URI.create(external));
      case PRIVATE -> TestRedis.start();
      case BUNDLED_6_2 -> TestRedis.startBundled();
      case CLUSTER -> TestRedis.startCluster();
    };
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // the store is hierarchical: from a test method's context this finds its class's fixture
    ClassFixture fixture = context.getStore(NS).get(ClassFixture.class, ClassFixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == TestRedis.class) {
      return fixture.redis;
    }
    if (type == TestApp.class) {
      return fixture.app();
    }
    // what a factory starts lives as long as the method or class it was handed to
    Closer closer = context.getTestMethod().isPresent()
        ? context.getStore(NS).getOrComputeIfAbsent("method", k -> new Closer(), Closer.class)
        : fixture.closer;
    return type == TestApps.class ? new TestApps(fixture.redis, fixture.env, closer) : new RedisServers(closer);
  }

  /** For fault tests: skip when the Redis is not one this suite started. */
  public static void assumeOwned(TestRedis redis) {
    Assumptions.assumeTrue(redis.owned(), "needs a redis-server the suite started itself");
  }

  private static Map<String, String> parseEnv(String[] entries) {
    Map<String, String> env = new HashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("@RedwireTest env entries are NAME=value, got: " + entry);
      }
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return Map.copyOf(env);
  }

  /** One class's Redis and app, and what its class-level factories started. */
  private static final class ClassFixture implements AutoCloseable {

    final Closer closer = new Closer();
    final TestRedis redis;
    final Map<String, String> env;
    private TestApp app;

    ClassFixture(TestRedis redis, Map<String, String> env) {
      this.redis = closer.add(redis);
      this.env = env;
    }

    /** Started on first use, so classes that only talk to Redis never start one. */
    synchronized TestApp app() {
      if (app == null) {
        app = closer.add(TestApp.start(redis, env));
      }
      return app;
    }

    @Override
    public void close() throws Exception {
      closer.close();
    }
  }
}
