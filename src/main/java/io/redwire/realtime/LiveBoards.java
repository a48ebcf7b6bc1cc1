package io.redwire.realtime;

import io.vertx.core.Future;
import java.util.List;

/** What the live leaderboard feed reads from the leaderboards (the leaderboard capability provides it). */
public interface LiveBoards {

  /** One place on a board. */
  record Place(String member, double score, long rank) {}

  /** True when {@code board} is a valid board name. */
  boolean isBoardName(String board);

  /** The Redis channel the board's score changes are published on. */
  String changesChannel(String board);

  /** The first {@code limit} places of the board's current period (rank 0 first). */
  Future<List<Place>> top(String board, int limit);

  /** The member's place and up to {@code radius} places on each side; empty when the member has no score. */
  Future<List<Place>> around(String board, String member, int radius);
}
