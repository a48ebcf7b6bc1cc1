package io.redwire.leaderboard;

/**
 * A period was asked for that the board does not have (a week of a daily board, any period of a board
 * that never resets). Only Redis knows a board's reset, so the service finds this out; the routes make
 * it a 400 on the {@code period} parameter.
 */
final class WrongPeriod extends RuntimeException {

  WrongPeriod(String board, Reset reset) {
    super("board " + board + " resets " + reset.wire() + "; its periods are " + Period.example(reset), null, false, false);
  }
}
