package io.redwire.queue.spi;

/**
 * A job handler that a deployment adds to redwire: a class with a public no-argument constructor that
 * implements this interface, listed in {@code META-INF/services/io.redwire.queue.spi.JobHandlerProvider}
 * of a jar on the classpath ({@code java -cp redwire.jar:handlers.jar io.redwire.Main}).
 *
 * <p>At startup every replica loads the providers with {@link java.util.ServiceLoader}. Queues are bound
 * to a provider by its {@link #name()} like to a built-in handler
 * ({@code REDWIRE_QUEUE_HANDLERS=invoices:pdf}), and each replica's queue worker runs their jobs through
 * it with the built-ins' guarantees: leases extended while a job runs, retries with backoff, delivery
 * again when a replica dies. The server does not start (exit 2) when a provider's name is a built-in's
 * ({@code noop}, {@code webhooks}, {@code notifications}) or another provider's, or when a binding names a
 * handler nobody provides.
 */
public interface JobHandlerProvider {

  /** The name bindings use: 1-64 characters of {@code a-z 0-9 _ -}, starting with a letter or digit. */
  String name();

  /**
   * Makes the handler of one bound queue; called once per queue and replica, when its worker starts (not
   * on an event loop: it may read files or build clients).
   */
  JobHandler create(HandlerContext context);
}
