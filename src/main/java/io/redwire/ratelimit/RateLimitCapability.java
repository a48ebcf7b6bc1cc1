package io.redwire.ratelimit;

import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The per-principal quota in front of every API request, shared by all replicas, and the sliding-window
 * check other services call for keys of their own (POST /api/v1/ratelimit/check).
 */
public final class RateLimitCapability implements Capability {

  private final PrincipalRateLimiter limiter;
  private final AppConfig.RateLimit config;
  private final RateLimitCheckService checks;

  public RateLimitCapability(Platform platform) {
    this.config = platform.config().rateLimit();
    this.limiter = new PrincipalRateLimiter(platform.cache(), platform.keySpace(), platform.scripts(), config);
    this.checks = new RateLimitCheckService(platform.cache(), platform.keySpace(), platform.scripts());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new RateLimitCheckRoutes(checks).mount(routes);
  }

  @Override
  public List<Handler<RoutingContext>> apiFilters() {
    if (!config.enabled()) {
      return List.of();
    }
    // called on each router's event loop: one lease table per event loop, so it needs no locks
    Quota quota = config.leased() ? new QuotaLeases(limiter, config.leaseMax(), config.leaseMs()) : limiter;
    return List.of(new RateLimitHandler(limiter, quota));
  }
}
