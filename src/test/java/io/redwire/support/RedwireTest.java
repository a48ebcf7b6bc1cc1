package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test class on a real Redis, with the {@link RedisExtension} owning its lifecycle:
 * the class's Redis starts before the class and stops after it, its app starts on first use and
 * stops after the class. Tests and lifecycle methods get them as parameters:
 * {@link TestRedis}, {@link TestApp}, and the factories {@link TestApps} (more apps) and
 * {@link RedisServers} (more, independent redis-servers).
 *
 * <pre>{@code
 * @RedwireTest(env = {"REDWIRE_LOCK_RETRY_MIN_MS=10000", "REDWIRE_LOCK_RETRY_MAX_MS=20000"})
 * class LockIT {
 *   @Test
 *   void releaseWakesAWaiter(TestRedis redis, TestApp app) { ... }
 * }
 * }</pre>
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
