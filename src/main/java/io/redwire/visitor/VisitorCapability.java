package io.redwire.visitor;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** Daily unique visitors (sets and HyperLogLogs) on the cache endpoint. */
public final class VisitorCapability implements Capability {

  private final VisitorService visitors;

  public VisitorCapability(Platform platform) {
    this.visitors = new VisitorService(platform.cache(), platform.keySpace(), platform.scripts(), platform.clock(),
        platform.config().visitors().retentionDays());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new VisitorRoutes(visitors).mount(routes);
  }
}
