package io.redwire.auth;

import io.redwire.config.AppConfig;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Works out who calls each API request (API key or session token) before the rate limit and access rules. */
public final class AuthCapability implements Capability {

  private final AppConfig.Auth config;
  private final SessionTokens sessions;

  public AuthCapability(Platform platform, SessionTokens sessions) {
    this.config = platform.config().auth();
    this.sessions = sessions;
  }

  /** An authenticator of its own (its own token-miss counts), e.g. for one event loop's WebSockets. */
  public Authenticator newAuthenticator() {
    return new Authenticator(config.apiKeys(), sessions, config.tokenMissLimit(), config.tokenMissWindowMs());
  }

  /** A handler per event loop: each keeps its own counts of unknown tokens per client address. */
  @Override
  public List<Handler<RoutingContext>> apiFilters() {
    return List.of(new AuthHandler(config.apiKeys(), sessions, config.tokenMissLimit(), config.tokenMissWindowMs()));
  }
}
