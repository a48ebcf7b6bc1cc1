package io.redwire.platform;

import io.vertx.core.Deployable;
import java.util.function.Supplier;

/**
 * A verticle a capability needs, such as a queue worker or a stream consumer.
 *
 * @param name for logs
 * @param factory makes one instance; called {@code instances} times
 * @param instances how many to deploy (each gets an event loop of its own, assigned round robin)
 */
public record VerticleSpec(String name, Supplier<? extends Deployable> factory, int instances) {

  public VerticleSpec {
    if (instances < 1) {
      throw new IllegalArgumentException("a verticle needs at least one instance: " + name);
    }
  }
}
