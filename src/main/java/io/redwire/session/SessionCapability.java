package io.redwire.session;

import io.redwire.auth.SessionTokens;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** Sessions with a TTL on the cache endpoint; also what resolves session tokens for authentication. */
public final class SessionCapability implements Capability {

  private final SessionService sessions;
  private final AppConfig.Sessions config;

  public SessionCapability(Platform platform) {
    this.sessions = new SessionService(platform.cache(), platform.keySpace(), platform.scripts(), platform.clock());
    this.config = platform.config().sessions();
  }

  /** For the authentication filter: who a session token speaks for. */
  public SessionTokens tokens() {
    return sessions;
  }

  @Override
  public void routes(ApiRoutes routes) {
    new SessionRoutes(sessions, config).mount(routes);
  }
}
