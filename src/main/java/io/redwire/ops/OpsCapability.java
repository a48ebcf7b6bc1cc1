package io.redwire.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Operations: liveness, readiness, Prometheus metrics and the OpenAPI document (unauthenticated), and
 * the admin API (SCAN and INFO of the Redis endpoints).
 */
public final class OpsCapability implements Capability {

  private final OpsRoutes ops;
  private final AdminRoutes admin;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /** Reads the OpenAPI document from the classpath: build it off the event loop. */
  public OpsCapability(Platform platform) {
    var config = platform.config();
    this.ops = new OpsRoutes(platform.endpoints(), platform.metrics(), config.redis().healthTimeoutMs(),
        config.http().retryAfterSeconds(), readOpenApi(), config.ops());
    this.admin = new AdminRoutes(platform.endpoints(), config.redis().keyPrefix());
    bindProcessMetrics(platform.metrics());
  }

  /** The JVM and the process as Micrometer sees them: memory, GC, threads, CPU, file descriptors. */
  private void bindProcessMetrics(MeterRegistry registry) {
    new JvmInfoMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public Future<Void> close() {
    gcMetrics.close();
    return Future.succeededFuture();
  }

  @Override
  public void routes(ApiRoutes routes) {
    ops.mount(routes);
    admin.mount(routes);
  }

  private static Buffer readOpenApi() {
    try (InputStream in = OpsCapability.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
