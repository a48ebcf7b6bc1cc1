package io.redwire.leaderboard;

import io.redwire.redis.KeySpace;

/**
 * Every key and channel of a board shares the hash tag {board}, so each script runs on one cluster slot
 * and a sharded publish (SPUBLISH) of the board's channel would land on that slot's node too:
 * <ul>
 *   <li>{@code leaderboard:{board}:settings}: hash {@code reset}; durable, no TTL;</li>
 *   <li>{@code leaderboard:{board}:scores} and {@code leaderboard:{board}:reached} for a board that never
 *       resets (durable, no TTL), or {@code ...:scores:<period>} and {@code ...:reached:<period>}
 *       ({@code 2026-11-29}, {@code 2026-W48}, {@code 2026-11}) for each period of a periodic board,
 *       expiring a retention after the period ends. The scripts append these suffixes to
 *       {@link #entryPrefix} (the period is only known inside Redis); see
 *       {@code lua/include/leaderboard_board.lua} for what the two keys hold;</li>
 *   <li>channel {@code leaderboard:{board}}: the board's change events.</li>
 * </ul>
 */
final class LeaderboardKeys {

  private final KeySpace keys;

  LeaderboardKeys(KeySpace keys) {
    this.keys = keys;
  }

  String settings(String board) {
    return keys.key("leaderboard", KeySpace.tag(board), "settings");
  }

  /** What the scripts append {@code scores[:<period>]} and {@code reached[:<period>]} to (same hash tag). */
  String entryPrefix(String board) {
    return keys.key("leaderboard", KeySpace.tag(board), "");
  }

  /** The Pub/Sub channel of the board's change events (a channel, not a key: nothing is stored under it). */
  String channel(String board) {
    return keys.key("leaderboard", KeySpace.tag(board));
  }
}
