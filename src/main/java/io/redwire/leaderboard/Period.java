package io.redwire.leaderboard;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One period of a periodic board, as clients name it: a UTC day {@code 2026-11-29} (daily), an ISO 8601
 * week {@code 2026-W48} (weekly) or a month {@code 2026-11} (monthly). The current period is decided by
 * Redis (see {@code lua/include/leaderboard_board.lua}); this class only reads the ones clients ask for.
 */
public record Period(Reset kind, String id) {

  private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

  /** The period the text names, or null when it names none (2026-02-30, 2026-W54, 2026-13, "today"). */
  public static Period parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DAY.matcher(text);
    if (m.matches()) {
      return isDay(number(m, 1), number(m, 2), number(m, 3)) ? new Period(Reset.DAILY, text) : null;
    }
    m = WEEK.matcher(text);
    if (m.matches()) {
      int week = number(m, 2);
      return week >= 1 && week <= weeksIn(number(m, 1)) ? new Period(Reset.WEEKLY, text) : null;
    }
    m = MONTH.matcher(text);
    if (m.matches()) {
      int month = number(m, 2);
      return month >= 1 && month <= 12 ? new Period(Reset.MONTHLY, text) : null;
    }
    return null;
  }

  /** An example of a period of this kind, for error messages. */
  static String example(Reset kind) {
    return switch (kind) {
      case DAILY -> "a day such as 2026-11-29";
      case WEEKLY -> "an ISO week such as 2026-W48";
      case MONTHLY -> "a month such as 2026-11";
      case NEVER -> "none: the board never resets";
    };
  }

  private static boolean isDay(int year, int month, int day) {
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** 52 or 53: ISO years that start on a Thursday (or leap years on a Wednesday) have 53 weeks. */
  private static long weeksIn(int isoYear) {
    // June 1st always lies in the week-based year of the same number
    return IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(LocalDate.of(isoYear, 6, 1)).getMaximum();
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
