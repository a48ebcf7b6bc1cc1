package io.redwire.ops;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
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

  /** Reads the OpenAPI document from the classpath: build it off the event loop. */
  public OpsCapability(Platform platform) {
    var config = platform.config();
    this.ops = new OpsRoutes(platform.endpoints(), platform.metrics(), config.redis().healthTimeoutMs(),
        config.http().retryAfterSeconds(), readOpenApi());
    this.admin = new AdminRoutes(platform.endpoints(), config.redis().keyPrefix());
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
