package io.redwire.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.redwire.redis.KeySpace;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaysTest {

  @Test
  void parsesOnlyRealIsoDays() {
    assertEquals(LocalDate.of(2026, 4, 1), Days.parse("2026-04-01"));
    assertEquals(LocalDate.of(2024, 2, 29), Days.parse("2024-02-29"));
    for (String bad : new String[] {"2026-02-30", "2025-02-29", "2026-13-01", "2026-4-1", "yesterday", "",
        "2026-04-01T00:00", " 2026-04-01", "+2026-04-01", "20260401", "2026-04-01\n"}) {
      assertNull(Days.parse(bad), bad);
    }
    assertNull(Days.parse(null));
  }

  @Test
  void spanCountsBothEnds() {
    assertEquals(1, Days.span(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 1)));
    assertEquals(90, Days.span(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31)));
  }

  @Test
  void everyDayKeySharesOneHashTag() {
    VisitorKeys keys = new VisitorKeys(new KeySpace("p:"));
    assertEquals("p:visitors:{days}:2026-04-01", keys.daySet(LocalDate.of(2026, 4, 1)));
    assertEquals("p:visitors:{days}:2026-04-01:hll", keys.dayLog(LocalDate.of(2026, 4, 1)));
    assertEquals(List.of("p:visitors:{days}:2026-03-31", "p:visitors:{days}:2026-04-01"),
        keys.daySets(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 1)));
  }
}
