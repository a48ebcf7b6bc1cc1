package io.redwire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class IfMatchTest {

  @Test
  void absentHeaderIsNoCondition() {
    assertEquals(IfMatch.NONE, IfMatch.parse(List.of()));
    assertEquals("", IfMatch.parse(null).script());
  }

  @Test
  void starMeansMustExist() {
    assertEquals("*", IfMatch.parse(List.of(" * ")).script());
  }

  @Test
  void strongTagsAreComparedAndWeakOnesNeverMatch() {
    assertEquals("=17", IfMatch.parse(List.of("\"17\"")).script());
    assertEquals("=1 2", IfMatch.parse(List.of("\"1\", W/\"9\",\"2\"")).script());
    assertEquals("=3 4", IfMatch.parse(List.of("\"3\"", "\"4\"")).script(), "several header lines");
    assertEquals("=", IfMatch.parse(List.of("W/\"5\"")).script(), "only weak tags: matches nothing");
    assertEquals("=", IfMatch.parse(List.of("\"\"")).script(), "an empty tag matches nothing");
  }

  @Test
  void malformedHeadersAreRejected() {
    for (String bad : List.of("17", "\"17", "\"1\"x", "W/17", "\"a b\"", "*, \"1\"", " ", ",")) {
      assertThrows(IllegalArgumentException.class, () -> IfMatch.parse(List.of(bad)), bad);
    }
  }
}
