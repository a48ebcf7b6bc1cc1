package io.redwire.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of an If-Match or If-None-Match header (RFC 9110 13.1.1, 13.1.2): {@code *} or a
 * comma-separated list of entity tags, over one or more header lines.
 *
 * @param any the value is {@code *}
 * @param tags the listed tags, in order (empty when {@code any})
 */
record EntityTagList(boolean any, List<Tag> tags) {

  /** One entity tag: its opaque text (without quotes) and whether it was marked weak ({@code W/}). */
  record Tag(String opaque, boolean weak) {}

  static final String MALFORMED = "must be * or a list of quoted entity tags";

  /** etagc of RFC 9110: visible ASCII except the quote, plus obs-text; never a space, which Lua splits on. */
  private static boolean isEtagChar(char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
  }

  /**
   * Parses every value of one such header in a request.
   *
   * @return null when the header is absent
   * @throws IllegalArgumentException when a value is not {@code *} or a list of entity tags
   */
  static EntityTagList parse(List<String> headerValues) {
    if (headerValues == null || headerValues.isEmpty()) {
      return null;
    }
    String all = String.join(",", headerValues).trim();
    if (all.equals("*")) {
      return new EntityTagList(true, List.of());
    }
    List<Tag> tags = new ArrayList<>();
    int i = 0;
    int n = all.length();
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
        throw new IllegalArgumentException(MALFORMED);
      }
      int end = i + 1;
      while (end < n && isEtagChar(all.charAt(end))) {
        end++;
      }
      if (end >= n || all.charAt(end) != '"') {
        throw new IllegalArgumentException(MALFORMED);
      }
      tags.add(new Tag(all.substring(i + 1, end), weak));
      i = end + 1;
      if (i < n && all.charAt(i) != ',' && all.charAt(i) != ' ' && all.charAt(i) != '\t') {
        throw new IllegalArgumentException(MALFORMED);
      }
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException(MALFORMED);
    }
    return new EntityTagList(false, List.copyOf(tags));
  }
}
