package io.redwire.auth;

import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Works out who calls each API request (API key or session token) before the rate limit and access rules. */
public final class AuthCapability implements Capability {

  private final AuthHandler handler;

  public AuthCapability(Platform platform, SessionTokens sessions) {
    this.handler = new AuthHandler(platform.config().apiKeys(), sessions);
  }

  @Override
  public List<Handler<RoutingContext>> apiFilters() {
    return List.of(handler);
  }
}
