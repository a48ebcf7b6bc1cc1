package io.redwire.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Owns the lifecycle of an integration test class: its Redis (see {@link RedisSource}) starts before
 * the class, its {@link TestApp} on first use, and both stop after the class, as does whatever the
 * {@link TestApps} and {@link RedisServers} factories started (or after the test method, when they
 * were a test method's parameter). Settings come from {@link RedwireTest}; a class with just
 * {@code @ExtendWith(RedisExtension.class)} gets the defaults.
 *
 * <p>An {@link OnEveryTopology} class is a JUnit class template with one invocation per {@link Topology}.
 * There the Redis and app belong to the invocation, not the class: each invocation's fixture lives in
 * that invocation's own store (parameters of its test methods resolve from there, the store being
 * hierarchical), is made when the invocation starts and stopped when it ends, around the class's
 * {@link BeforeEachTopology} and {@link AfterEachTopology} methods. The class-level store, which both
 * invocations share and which {@code @BeforeAll} sees, holds no fixture.
 *
 * <p>With {@code REDIS_URL} set in the environment, classes on the default source run against that
 * external Redis instead: tests then rely on their unique key prefixes, never flush it, and tests
 * that need to stop, restart or flush it are skipped ({@link #assumeOwned}).
 */
public final class RedisExtension implements BeforeAllCallback, ParameterResolver,
    ClassTemplateInvocationContextProvider, BeforeClassTemplateInvocationCallback, AfterClassTemplateInvocationCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);
  private static final Set<Class<?>> INJECTED =
      Set.of(TestRedis.class, TestApp.class, TestApps.class, RedisServers.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    if (onEveryTopology(context)) {
      return; // each invocation makes its own (beforeClassTemplateInvocation)
    }
    // an AutoCloseable in the class's store: JUnit closes it when the class is done
    context.getStore(NS).put(ClassFixture.class, fixture(context, declaredSource(context)));
  }

  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return onEveryTopology(context);
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
    RedisSource declared = declaredSource(context);
    if (declared != RedisSource.DEFAULT && declared != RedisSource.PRIVATE) {
      throw new IllegalArgumentException("@OnEveryTopology runs " + context.getRequiredTestClass().getSimpleName()
          + " on a standalone Redis and on a cluster: its @RedwireTest(redis = " + declared + ") cannot be the standalone one");
    }
    return Stream.of(Topology.values()).map(TopologyRun::new);
  }

  @Override
  public void beforeClassTemplateInvocation(ExtensionContext context) throws Exception {
    Topology topology = context.getStore(NS).get(Topology.class, Topology.class);
    RedisSource source = topology == Topology.CLUSTER ? RedisSource.CLUSTER : declaredSource(context);
    // this invocation's own store: the other topology's invocation cannot see it
    context.getStore(NS).put(ClassFixture.class, fixture(context, source));
    invokeEach(context, BeforeEachTopology.class, HierarchyTraversalMode.TOP_DOWN);
  }

  @Override
  public void afterClassTemplateInvocation(ExtensionContext context) throws Exception {
    try {
      invokeEach(context, AfterEachTopology.class, HierarchyTraversalMode.BOTTOM_UP);
    } finally {
      // stopped now rather than when JUnit closes the store, so the next topology starts with this one gone
      ClassFixture fixture = context.getStore(NS).remove(ClassFixture.class, ClassFixture.class);
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  private static void invokeEach(ExtensionContext context, Class<? extends Annotation> lifecycle,
      HierarchyTraversalMode order) {
    List<Method> methods = AnnotationSupport.findAnnotatedMethods(context.getRequiredTestClass(), lifecycle, order);
    for (Method method : methods) {
      // parameters resolve against this invocation's context, so they are this topology's
      context.getExecutableInvoker().invoke(method);
    }
  }

  private static boolean onEveryTopology(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getRequiredTestClass(), OnEveryTopology.class);
  }

  private static RedisSource declaredSource(ExtensionContext context) {
    return settings(context).map(RedwireTest::redis).orElse(RedisSource.DEFAULT);
  }

  private static Optional<RedwireTest> settings(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RedwireTest.class);
  }

  private static ClassFixture fixture(ExtensionContext context, RedisSource source) {
    Map<String, String> env = settings(context).map(s -> parseEnv(s.env())).orElse(Map.of());
    return new ClassFixture(createRedis(source), env);
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
      case CLUSTER_6_2 -> TestRedis.startCluster62();
      case CLUSTER_WITH_REPLICAS -> TestRedis.startClusterWithReplicas();
    };
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // the store is hierarchical: from a test method's context this finds its class's (or invocation's) fixture
    ClassFixture fixture = context.getStore(NS).get(ClassFixture.class, ClassFixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (fixture == null) {
      throw new ParameterResolutionException("no " + type.getSimpleName() + " for "
          + parameter.getDeclaringExecutable().getName() + ": in an @OnEveryTopology class @BeforeAll and @AfterAll"
          + " run once around every topology; take the Redis and app in a @BeforeEachTopology method");
    }
    if (type == TestRedis.class) {
      return fixture.redis;
    }
    if (type == TestApp.class) {
      return fixture.app();
    }
    // what a factory starts lives as long as the method or class (or topology run) it was handed to
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

  /** One run of an {@link OnEveryTopology} class: its topology, put in the invocation's store before it starts. */
  private record TopologyRun(Topology topology) implements ClassTemplateInvocationContext {

    @Override
    public String getDisplayName(int invocationIndex) {
      return topology.displayName();
    }

    @Override
    public void prepareInvocation(ExtensionContext context) {
      context.getStore(NS).put(Topology.class, topology);
    }
  }

  /** One class's (or topology run's) Redis and app, and what its class-level factories started. */
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
