package io.redwire.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void theRangeIsTheFiniteDoublesUpTo2To53Minus1() {
    assertTrue(Scores.inRange(9_007_199_254_740_991d));
    assertTrue(Scores.inRange(-9_007_199_254_740_991d));
    assertTrue(Scores.inRange(Double.MIN_VALUE));
    assertFalse(Scores.inRange(9_007_199_254_740_992d));
    assertFalse(Scores.inRange(Double.POSITIVE_INFINITY));
    assertFalse(Scores.inRange(Double.NEGATIVE_INFINITY));
    assertFalse(Scores.inRange(Double.NaN));
    assertEquals(Scores.MAX_TEXT, Scores.text(Scores.MAX));
  }

  @Test
  void wholeScoresTravelAsIntegersAndOthersInFull() {
    assertEquals("4200", Scores.text(4200));
    assertEquals("0", Scores.text(-0.0));
    assertEquals("-9007199254740991", Scores.text(-Scores.MAX));
    assertEquals("0.1", Scores.text(0.1));
    assertEquals(0.1 + 0.2, Double.parseDouble(Scores.text(0.1 + 0.2)));
    assertEquals(4200L, Scores.json(4200.0));
    assertEquals(0L, Scores.json(-0.0));
    assertEquals(2.5, Scores.json(2.5));
    assertEquals(1.0E-300, Scores.json(1.0E-300));
  }
}
