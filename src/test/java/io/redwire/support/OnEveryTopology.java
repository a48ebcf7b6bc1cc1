package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the whole test class once per {@link Topology}, shown as {@code [standalone]} and {@code [cluster]};
 * each run has a Redis of its own and apps of its own, stopped when the run ends. {@link RedwireTest} still
 * gives the class's settings (its {@code redis} source is the standalone run's).
 *
 * <p>Built on JUnit's {@link ClassTemplate}: {@code @BeforeAll} and {@code @AfterAll} run once around all
 * runs, so they cannot take a run's {@link TestRedis} or {@link TestApp}. Take them in a
 * {@link BeforeEachTopology} method (or as test method parameters):
 *
 * <pre>{@code
 * @RedwireTest(env = "REDWIRE_RATE_LIMIT=5/60s")
 * @OnEveryTopology
 * class CounterIT {
 *   static TestRedis redis;
 *   static TestApp app;
 *
 *   @BeforeEachTopology
 *   static void start(TestRedis r, TestApp a) {
 *     redis = r;
 *     app = a;
 *   }
 * }
 * }</pre>
 *
 * <p>A test that cannot run on one topology says why with an assumption, e.g.
 * {@code assumeFalse(redis.isCluster(), "stops the whole Redis")}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ClassTemplate
@ExtendWith(RedisExtension.class)
public @interface OnEveryTopology {
}
