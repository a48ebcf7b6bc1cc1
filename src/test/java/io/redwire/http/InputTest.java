package io.redwire.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The name rule of api.md, checked by hand-written code that must agree with {@link Input#NAME}. */
class InputTest {

  private final Input input = Input.check();

  @Test
  void namesFollowTheContractsRule() {
    for (String ok : new String[] {"a", "Z9", "orders.v2", "team_a:b-c", "x".repeat(128), "._:-", "...", ".a", "a.."}) {
      assertTrue(input.isValidName(ok), ok);
      assertTrue(Input.NAME.matcher(ok).matches(), ok);
    }
    for (String bad : new String[] {null, "", "x".repeat(129), "a b", "a/b", "é", "a*", "{tag}", "a\n", ".", ".."}) {
      assertFalse(input.isValidName(bad), String.valueOf(bad));
      assertFalse(bad != null && Input.NAME.matcher(bad).matches(), String.valueOf(bad));
    }
  }

  @Test
  void everyCharacterIsJudgedLikeTheRegex() {
    for (char c = 0; c < 0x3000; c++) {
      for (String name : new String[] {"a" + c, String.valueOf(c), "." + c}) {
        assertEquals(Input.NAME.matcher(name).matches(), input.isValidName(name), "char " + (int) c);
      }
    }
  }

  @Test
  void onlyPlainContentLengthsCount() {
    assertEquals(0, BodyReading.declaredLength("0"));
    assertEquals(4096, BodyReading.declaredLength("4096"));
    assertEquals(-1, BodyReading.declaredLength(null));
    assertEquals(-1, BodyReading.declaredLength(""));
    assertEquals(-1, BodyReading.declaredLength("-1"));
    assertEquals(-1, BodyReading.declaredLength("12abc"));
    assertEquals(-1, BodyReading.declaredLength("99999999999999999999"));
  }
}
