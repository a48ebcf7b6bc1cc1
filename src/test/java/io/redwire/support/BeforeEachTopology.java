package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ClassTemplateInvocationLifecycleMethod;

/**
 * A static method of an {@link OnEveryTopology} class that runs at the start of each topology's run, after
 * that run's Redis is up: the per-run {@code @BeforeAll}. It may take the run's {@link TestRedis},
 * {@link TestApp}, {@link TestApps} and {@link RedisServers}; what the factories start stops with the run.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplateInvocationLifecycleMethod(classTemplateAnnotation = OnEveryTopology.class,
    lifecycleMethodAnnotation = BeforeEachTopology.class)
public @interface BeforeEachTopology {
}
