package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test class on a real Redis, with the {@link RedisExtension} owning the lifecycle: the
 * class's Redis starts before the class, its app on first use, and both stop after the class. Test and
 * lifecycle methods take them as parameters: {@link TestRedis}, {@link TestApp}, and the factories
 * {@link TestApps} (more apps on that Redis) and {@link RedisServers} (more, independent redis-servers),
 * whose products stop after the test method, or after the class for a {@code @BeforeAll} parameter.
 *
 * <pre>{@code
 * @RedwireTest(env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
 * class RedlockIT {
 *   @BeforeAll
 *   static void start(TestRedis durable, RedisServers servers, TestApps apps) {
 *     nodes = List.of(servers.start(), servers.start(), servers.start());
 *     app = apps.start(Map.of("REDWIRE_LOCK_NODES", urls(nodes)));
 *   }
 * }
 * }</pre>
 *
 * <p>{@code redis = RedisSource.CLUSTER} puts the class on a private three-master Redis Cluster (its
 * {@link TestRedis#isCluster()}, seed-list {@code url()}, {@code nodes()}). {@link OnEveryTopology} next to
 * this annotation runs the whole class twice, {@code [standalone]} and {@code [cluster]}, each run on a Redis
 * and app of its own that its {@link BeforeEachTopology} method and test methods take.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RedisExtension.class)
public @interface RedwireTest {

  /** Settings of the class's apps on top of the test defaults, as {@code NAME=value} (the real variable names). */
  String[] env() default {};

  /** Which Redis the class runs on. */
  RedisSource redis() default RedisSource.DEFAULT;
}
