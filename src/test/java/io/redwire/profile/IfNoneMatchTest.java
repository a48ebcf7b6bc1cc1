package io.redwire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IfNoneMatchTest {

  @Test
  void absentHeaderIsNoCondition() {
    assertEquals(IfNoneMatch.NONE, IfNoneMatch.parse(null));
    assertEquals("", IfNoneMatch.parse(List.of()).script());
    assertFalse(IfNoneMatch.NONE.failsFor("17"));
  }

  @Test
  void starFailsForEveryExistingProfile() {
    IfNoneMatch star = IfNoneMatch.parse(List.of(" * "));
    assertEquals("*", star.script());
    assertTrue(star.failsFor("17"));
  }

  @Test
  void tagsAreComparedWeakly() {
    IfNoneMatch listed = IfNoneMatch.parse(List.of("\"1\", W/\"9\",\"2\""));
    assertEquals("=1 9 2", listed.script(), "weak tags count too");
    assertTrue(listed.failsFor("9"));
    assertTrue(listed.failsFor("2"));
    assertFalse(listed.failsFor("3"));
    assertEquals("=3 4", IfNoneMatch.parse(List.of("\"3\"", "W/\"4\"")).script(), "several header lines");
  }

  @Test
  void anEmptyTagNamesNoVersion() {
    IfNoneMatch empty = IfNoneMatch.parse(List.of("\"\""));
    assertEquals("", empty.script());
    assertFalse(empty.failsFor(""));
  }

  @Test
  void malformedHeadersAreRejected() {
    for (String bad : List.of("17", "\"17", "\"1\"x", "W/17", "\"a b\"", "*, \"1\"", " ", ",")) {
      assertThrows(IllegalArgumentException.class, () -> IfNoneMatch.parse(List.of(bad)), bad);
    }
  }
}
