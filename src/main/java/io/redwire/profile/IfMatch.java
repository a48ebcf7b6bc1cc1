package io.redwire.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * An If-Match precondition (RFC 9110 13.1.1): none, {@code *} (the profile must exist), or a list of
 * entity tags compared strongly, so weak tags never match. {@link #script()} is how the Lua scripts
 * take it: '' (none), '*', or '=' followed by the space-separated versions.
 */
public record IfMatch(String script) {

  public static final IfMatch NONE = new IfMatch("");
  public static final IfMatch ANY = new IfMatch("*");

  /** etagc of RFC 9110: visible ASCII except the quote, plus obs-text; never a space, which Lua splits on. */
  private static boolean isEtagChar(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
  }

  public static IfMatch of(List<String> versions) {
    return new IfMatch("=" + String.join(" ", versions));
  }

  /**
   * Parses every If-Match header value of a request.
   *
   * @throws IllegalArgumentException when a value is not {@code *} or a list of entity tags
   */
  public static IfMatch parse(List<String> headerValues) {
    if (headerValues == null || headerValues.isEmpty()) {
      return NONE;
    }
    String all = String.join(",", headerValues).trim();
    if (all.equals("*")) {
      return ANY;
    }
    List<String> strong = new ArrayList<>();
    int i = 0;
    int n = all.length();
    boolean any = false;
    while (i < n) {
      char c = all.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      boolean weak = false;
      if (all.startsWith("W/", i)) {
        weak = true;
        i += 2;
      }
      if (i >= n || all.charAt(i) != '"') {
        throw new IllegalArgumentException("must be * or a list of quoted entity tags");
      }
      int end = i + 1;
      while (end < n && isEtagChar(all.charAt(end))) {
        end++;
      }
      if (end >= n || all.charAt(end) != '"') {
        throw new IllegalArgumentException("must be * or a list of quoted entity tags");
      }
      if (!weak) {
        strong.add(all.substring(i + 1, end));
      }
      any = true;
      i = end + 1;
      if (i < n && all.charAt(i) != ',' && all.charAt(i) != ' ' && all.charAt(i) != '\t') {
        throw new IllegalArgumentException("must be * or a list of quoted entity tags");
      }
    }
    if (!any) {
      throw new IllegalArgumentException("must be * or a list of quoted entity tags");
    }
    // weak or empty tags stay in the request's meaning as "match nothing": '=' with no versions
    strong.removeIf(String::isEmpty);
    return of(strong);
  }
}
