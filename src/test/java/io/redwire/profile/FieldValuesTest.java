package io.redwire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

  @Test
  void numbersAreStoredAsTheirJsonText() {
    assertEquals(new FieldValues.Stored("0", false), FieldValues.encode(0));
    assertEquals(new FieldValues.Stored("-9223372036854775808", false), FieldValues.encode(Long.MIN_VALUE));
    assertEquals(new FieldValues.Stored("0.25", false), FieldValues.encode(0.25));
    assertEquals(new FieldValues.Stored("123456789012345678901234567890", false),
        FieldValues.encode(new BigInteger("123456789012345678901234567890")));
  }

  @Test
  void onlyStringsThatReadLikeNumbersGetTheMarker() {
    assertTrue(FieldValues.encode("42").stringMarker());
    assertTrue(FieldValues.encode("-1.5e3").stringMarker());
    for (String plain : List.of("", "Alice", "02134", " 1", "1.", ".5", "0x10", "NaN", "Infinity", "+1", "1e")) {
      assertFalse(FieldValues.encode(plain).stringMarker(), plain);
    }
  }

  @Test
  void onlyStringsAndFiniteNumbersAreValues() {
    assertNull(FieldValues.encode(true));
    assertNull(FieldValues.encode(null));
    assertNull(FieldValues.encode(new JsonObject()));
    assertNull(FieldValues.encode(new JsonArray()));
    assertNull(FieldValues.encode(Double.POSITIVE_INFINITY));
    assertNull(FieldValues.encode(Double.NaN));
  }

  @Test
  void decodingRestoresTheWrittenType() {
    for (Object value : List.of("42", "Alice", "", 7L, -0.5, 1.0E21, Long.MAX_VALUE,
        new BigInteger("99999999999999999999"))) {
      FieldValues.Stored stored = FieldValues.encode(value);
      assertEquals(value, FieldValues.decode(stored.text(), stored.stringMarker()), String.valueOf(value));
    }
  }

  @Test
  void unmarkedTextWrittenByOthersReadsByItsSyntax() {
    assertEquals(3L, FieldValues.decode("3", false));
    assertEquals(99.99, FieldValues.decode("99.99", false));
    assertEquals("1e999", FieldValues.decode("1e999", false), "no infinite numbers");
    assertEquals("abc", FieldValues.decode("abc", false));
  }
}
