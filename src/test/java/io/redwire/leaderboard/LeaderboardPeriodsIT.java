package io.redwire.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redwire.redis.LuaScript;
import io.redwire.support.RedwireTest;
import io.redwire.support.RespClient;
import io.redwire.support.TestRedis;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calendar of the leaderboard scripts (Redis decides the current period) against java.time, for
 * every day from 1970 to 2200: the day, ISO week and month that hold it, and the first day after each.
 */
@RedwireTest
class LeaderboardPeriodsIT {

  private static final int DAYS_PER_CALL = 2000;
  private static final String HARNESS = """
      local out = {}
      for i = 1, #ARGV do
        local days = tonumber(ARGV[i])
        for _, reset in ipairs({'daily', 'weekly', 'monthly'}) do
          local id, nextDay = periodOf(reset, days)
          out[#out + 1] = id
          out[#out + 1] = nextDay
        end
      end
      local never, none = periodOf('never', 0)
      out[#out + 1] = never
      out[#out + 1] = tostring(none)
      return out
      """;

  @Test
  void periodsMatchJavaTimeFor1970To2200(TestRedis redis) {
    String script = LuaScript.text("include/leaderboard_board") + HARNESS;
    long last = LocalDate.of(2200, 12, 31).toEpochDay();
    try (RespClient client = redis.client()) {
      for (long from = 0; from <= last; from += DAYS_PER_CALL) {
        List<String> args = new ArrayList<>(List.of("EVAL", script, "0"));
        List<Object> expected = new ArrayList<>();
        for (long day = from; day < Math.min(from + DAYS_PER_CALL, last + 1); day++) {
          args.add(String.valueOf(day));
          expected.addAll(expectedPeriods(LocalDate.ofEpochDay(day)));
        }
        expected.add("");
        expected.add("nil");
        assertEquals(expected, client.list(args.toArray(String[]::new)), "days from " + LocalDate.ofEpochDay(from));
      }
    }
  }

  private static List<Object> expectedPeriods(LocalDate day) {
    String week = String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    return List.of(
        day.toString(), day.plusDays(1).toEpochDay(),
        week, day.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).toEpochDay(),
        day.toString().substring(0, 7), day.with(TemporalAdjusters.firstDayOfNextMonth()).toEpochDay());
  }
}
