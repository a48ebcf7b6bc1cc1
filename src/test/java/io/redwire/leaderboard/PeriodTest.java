package io.redwire.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodTest {

  @Test
  void readsDaysIsoWeeksAndMonths() {
    assertEquals(new Period(Reset.DAILY, "2026-11-29"), Period.parse("2026-11-29"));
    assertEquals(new Period(Reset.DAILY, "2028-02-29"), Period.parse("2028-02-29"));
    assertEquals(new Period(Reset.WEEKLY, "2026-W48"), Period.parse("2026-W48"));
    assertEquals(new Period(Reset.WEEKLY, "2026-W01"), Period.parse("2026-W01"));
    // 2026 starts on a Thursday: 53 ISO weeks; 2020 is a leap year starting on a Wednesday: 53 too
    assertEquals(new Period(Reset.WEEKLY, "2026-W53"), Period.parse("2026-W53"));
    assertEquals(new Period(Reset.WEEKLY, "2020-W53"), Period.parse("2020-W53"));
    assertEquals(new Period(Reset.MONTHLY, "2026-11"), Period.parse("2026-11"));
    assertEquals(new Period(Reset.MONTHLY, "2026-01"), Period.parse("2026-01"));
  }

  @Test
  void refusesWhatNamesNoPeriod() {
    for (String text : List.of("2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-11-00", "2025-W53",
        "2026-W54", "2026-W00", "2026-W5", "2026-w48", "2026W48", "2026-13", "2026-00", "2026-1", "26-11",
        "2026-11-29T00:00", " 2026-11", "2026-11 ", "2026", "today", "", "\uff12\uff10\uff12\uff16-11")) {
      assertNull(Period.parse(text), text);
    }
    assertNull(Period.parse(null));
  }
}
