package io.redwire.profile;

import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** User profiles in durable hashes, with ETags. */
public final class ProfileCapability implements Capability {

  private final ProfileService profiles;
  private final AppConfig.Profiles config;

  public ProfileCapability(Platform platform) {
    this.config = platform.config().profiles();
    this.profiles = new ProfileService(platform.durable(), platform.keySpace(), platform.scripts(), config.maxFields());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new ProfileRoutes(profiles, config).mount(routes);
  }
}
