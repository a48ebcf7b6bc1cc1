package io.redwire.counter;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** Atomic counters, plain and fixed-window, on the cache endpoint. */
public final class CounterCapability implements Capability {

  private final CounterService counters;

  public CounterCapability(Platform platform) {
    this.counters = new CounterService(platform.cache(), platform.keySpace(), platform.scripts());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new CounterRoutes(counters).mount(routes);
  }
}
