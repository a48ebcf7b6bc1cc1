package io.redwire.leaderboard;

import io.redwire.http.ApiRoutes;
import io.redwire.platform.Capability;
import io.redwire.platform.Platform;
import io.redwire.realtime.LiveBoards;

/** Leaderboards (sorted sets, optionally reset daily, weekly or monthly) on the durable endpoint. */
public final class LeaderboardCapability implements Capability {

  private final LeaderboardService leaderboards;
  private final LiveLeaderboards live;

  public LeaderboardCapability(Platform platform) {
    this.leaderboards = new LeaderboardService(platform.durable(), platform.keySpace(), platform.scripts(),
        platform.config().leaderboards(), platform.subscriber().publishCommand());
    this.live = new LiveLeaderboards(leaderboards, new LeaderboardKeys(platform.keySpace()));
  }

  /** The boards as the WebSocket's live feed reads them. */
  public LiveBoards live() {
    return live;
  }

  @Override
  public void routes(ApiRoutes routes) {
    new LeaderboardRoutes(leaderboards).mount(routes);
  }
}
