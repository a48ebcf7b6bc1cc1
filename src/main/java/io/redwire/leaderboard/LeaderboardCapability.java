package io.redwire.leaderboard;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;

/** Leaderboards (sorted sets, optionally reset daily, weekly or monthly) on the durable endpoint. */
public final class LeaderboardCapability implements Capability {

  private final LeaderboardService leaderboards;

  public LeaderboardCapability(Platform platform) {
    this.leaderboards = new LeaderboardService(platform.durable(), platform.keySpace(), platform.scripts(),
        platform.config().leaderboards());
  }

  @Override
  public void routes(ApiRoutes routes) {
    new LeaderboardRoutes(leaderboards).mount(routes);
  }
}
