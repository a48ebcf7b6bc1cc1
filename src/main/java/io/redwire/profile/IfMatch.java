package io.redwire.profile;

import java.util.List;

/**
 * An If-Match precondition (RFC 9110 13.1.1): none, {@code *} (the profile must exist), or a list of
 * entity tags compared strongly, so weak tags never match. {@link #script()} is how the Lua scripts
 * take it: '' (none), '*', or '=' followed by the space-separated versions.
 */
public record IfMatch(String script) {

  public static final IfMatch NONE = new IfMatch("");
  public static final IfMatch ANY = new IfMatch("*");

  public static IfMatch of(List<String> versions) {
    return new IfMatch("=" + String.join(" ", versions));
  }

  /**
   * Parses every If-Match header value of a request.
   *
   * @throws IllegalArgumentException when a value is not {@code *} or a list of entity tags
   */
  public static IfMatch parse(List<String> headerValues) {
    EntityTagList list = EntityTagList.parse(headerValues);
    if (list == null) {
      return NONE;
    }
    if (list.any()) {
      return ANY;
    }
    // weak or empty tags stay in the request's meaning as "match nothing": '=' with no versions
    return of(list.tags().stream()
        .filter(t -> !t.weak() && !t.opaque().isEmpty())
        .map(EntityTagList.Tag::opaque)
        .toList());
  }
}
