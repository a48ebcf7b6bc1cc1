package io.redwire.experiment;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** A/B experiments with sticky assignment, on the durable endpoint. */
public final class ExperimentCapability implements Capability {

  private final ExperimentService experiments;

  public ExperimentCapability(Platform platform) {
    this.experiments = new ExperimentService(platform.durable(), platform.keySpace(), platform.scripts());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new ExperimentRoutes(experiments).mount(routes);
  }
}
