package io.redwire.leaderboard;

import java.util.Locale;

/** When a board starts over: never, or at the start of every UTC day, ISO week or month. */
public enum Reset {
  NEVER, DAILY, WEEKLY, MONTHLY;

  /** The name clients and the scripts use: never, daily, weekly, monthly. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The reset of that wire name, or null. */
  public static Reset ofWire(String text) {
    for (Reset r : values()) {
      if (r.wire().equals(text)) {
        return r;
      }
    }
    return null;
  }
}
