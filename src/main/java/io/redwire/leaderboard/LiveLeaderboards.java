package io.redwire.leaderboard;

import io.redwire.http.Input;
import io.redwire.realtime.LiveBoards;
import io.vertx.core.Future;
import java.util.List;

/** The leaderboards as the live WebSocket feed reads them: the current period of each board. */
final class LiveLeaderboards implements LiveBoards {

  private final LeaderboardService leaderboards;
  private final LeaderboardKeys keys;

  LiveLeaderboards(LeaderboardService leaderboards, LeaderboardKeys keys) {
    this.leaderboards = leaderboards;
    this.keys = keys;
  }

  @Override
  public boolean isBoardName(String board) {
    return Input.NAME.matcher(board).matches();
  }

  @Override
  public String changesChannel(String board) {
    return keys.channel(board);
  }

  @Override
  public Future<List<Place>> top(String board, int limit) {
    return leaderboards.top(board, null, 0, limit).map(page -> places(page.entries()));
  }

  @Override
  public Future<List<Place>> around(String board, String member, int radius) {
    return leaderboards.member(board, member, null, radius)
        .map(standing -> standing == null ? List.of() : places(standing.around()));
  }

  private static List<Place> places(List<LeaderboardService.Entry> entries) {
    return entries.stream().map(e -> new Place(e.member(), e.score(), e.rank())).toList();
  }
}
