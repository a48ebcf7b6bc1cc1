package io.redwire.profile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * How profile values live in the hash. Redis only stores strings, so a number is stored as its JSON
 * text (which HINCRBY can work on) and a string as itself. Reading infers the type from the text: text
 * in JSON number syntax reads back as a number. The one ambiguous case, a string whose text is a JSON
 * number (say "42"), gets a marker field {@code #s:<field>} so it still reads back as a string.
 */
final class FieldValues {

  /** JSON's number grammar (RFC 8259), nothing looser: " 1", "1.", "0x1", "NaN" stay strings. */
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  /** A value as stored: its text, and whether it needs the string marker. */
  record Stored(String text, boolean stringMarker) {}

  private FieldValues() {}

  /**
   * The stored form of a JSON value, or null when the value is not a string or a finite number
   * (objects, arrays, booleans, null, and numbers too large for a double).
   */
  static Stored encode(Object value) {
    if (value instanceof String s) {
      return new Stored(s, looksLikeNumber(s));
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger) {
      return new Stored(value.toString(), false);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new Stored(Double.toString(d), false) : null;
    }
    if (value instanceof BigDecimal b) {
      return new Stored(b.toString(), false);
    }
    return null;
  }

  /** The JSON value of stored text: a String, Long, BigInteger or Double. */
  static Object decode(String text, boolean stringMarker) {
    if (stringMarker || !looksLikeNumber(text)) {
      return text;
    }
    if (JSON_INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooBig) {
        return new BigInteger(text);
      }
    }
    double d = Double.parseDouble(text);
    // only text written by someone else can overflow a double; better a string than a wrong number
    return Double.isFinite(d) ? d : text;
  }

  static boolean looksLikeNumber(String s) {
    return !s.isEmpty() && s.length() <= 1024 && JSON_NUMBER.matcher(s).matches();
  }
}
