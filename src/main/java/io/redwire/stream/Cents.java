package io.redwire.stream;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Order amounts: a positive decimal with at most two places, as whole cents (no binary fractions). */
final class Cents {

  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?");

  private Cents() {}

  /** The amount in cents, or -1 when it is not a decimal with at most two places (string or JSON number). */
  static long parse(Object amount) {
    String text;
    if (amount instanceof String s) {
      text = s;
    } else if (amount instanceof Integer || amount instanceof Long) {
      text = amount.toString();
    } else if (amount instanceof Double d && Double.isFinite(d)) {
      // the shortest decimal that reads back as this double: 99.99 stays "99.99"
      text = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    } else if (amount instanceof BigDecimal b) {
      text = b.stripTrailingZeros().toPlainString();
    } else {
      return -1;
    }
    if (!DECIMAL.matcher(text).matches()) {
      return -1;
    }
    return new BigDecimal(text).movePointRight(2).longValueExact();
  }

  /** Cents as a decimal with two places. */
  static String format(long cents) {
    return BigDecimal.valueOf(cents, 2).toPlainString();
  }
}
