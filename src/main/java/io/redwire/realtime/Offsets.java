package io.redwire.realtime;

import java.util.regex.Pattern;

/** Durable-channel offsets: Redis stream ids {@code <ms>-<seq>}, ordered as numbers. */
final class Offsets {

  static final Pattern FORMAT = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

  private Offsets() {}

  static boolean isValid(String offset) {
    if (!FORMAT.matcher(offset).matches()) {
      return false;
    }
    try {
      parts(offset);
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  /** True when {@code a} comes after {@code b}. */
  static boolean after(String a, String b) {
    long[] x = parts(a);
    long[] y = parts(b);
    return Long.compareUnsigned(x[0], y[0]) > 0 || (x[0] == y[0] && Long.compareUnsigned(x[1], y[1]) > 0);
  }

  private static long[] parts(String offset) {
    int dash = offset.indexOf('-');
    return new long[] {Long.parseUnsignedLong(offset.substring(0, dash)), Long.parseUnsignedLong(offset.substring(dash + 1))};
  }
}
