package io.redwire.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ClassTemplateInvocationLifecycleMethod;

/**
 * A static method of an {@link OnEveryTopology} class that runs at the end of each topology's run, before
 * that run's apps and Redis stop: the per-run {@code @AfterAll}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplateInvocationLifecycleMethod(classTemplateAnnotation = OnEveryTopology.class,
    lifecycleMethodAnnotation = AfterEachTopology.class)
public @interface AfterEachTopology {
}
