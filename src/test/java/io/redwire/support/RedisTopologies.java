package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the whole test class once per topology, each run with a Redis of its own and its own apps,
 * {@code @BeforeAll}/{@code @AfterAll} included; {@link RedwireTest} still gives the class's settings.
 * Built on JUnit's {@link ClassTemplate} (experimental in JUnit 5.14): the {@link RedisExtension}
 * provides one invocation per topology, named after it.
 *
 * <pre>{@code
 * @RedwireTest(env = "REDWIRE_RATE_LIMIT=5/60s")
 * @RedisTopologies({Topology.STANDALONE, Topology.CLUSTER})
 * class CounterIT {
 *   @Test
 *   void counts(TestApp app, TestRedis redis) { ... } // redis.isCluster() tells the runs apart
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ClassTemplate
@ExtendWith(RedisExtension.class)
public @interface RedisTopologies {

  Topology[] value() default {Topology.STANDALONE, Topology.CLUSTER};
}
