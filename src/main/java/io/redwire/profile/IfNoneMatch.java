package io.redwire.profile;

import java.util.List;

/**
 * An If-None-Match precondition (RFC 9110 13.1.2): it fails when the profile exists and the header is
 * {@code *} or lists the profile's current entity tag. Tags are compared weakly: {@code W/"v"}
 * matches {@code "v"}. A failed condition is 304 for GET and HEAD and 412 for writes.
 *
 * @param any the header is {@code *}
 * @param versions the listed tags' text, weak or strong, without quotes
 */
public record IfNoneMatch(boolean any, List<String> versions) {

  public static final IfNoneMatch NONE = new IfNoneMatch(false, List.of());
  public static final IfNoneMatch ANY = new IfNoneMatch(true, List.of());

  public IfNoneMatch {
    versions = List.copyOf(versions);
  }

  /**
   * Parses every If-None-Match header value of a request.
   *
   * @throws IllegalArgumentException when a value is not {@code *} or a list of entity tags
   */
  public static IfNoneMatch parse(List<String> headerValues) {
    EntityTagList list = EntityTagList.parse(headerValues);
    if (list == null) {
      return NONE;
    }
    if (list.any()) {
      return ANY;
    }
    // an empty tag names no version a profile can have: it never makes the condition fail
    return new IfNoneMatch(false, list.tags().stream()
        .map(EntityTagList.Tag::opaque)
        .filter(v -> !v.isEmpty())
        .distinct()
        .toList());
  }

  /** True when the condition fails for an existing profile at {@code currentVersion}. */
  public boolean failsFor(String currentVersion) {
    return any || versions.contains(currentVersion);
  }

  /** How the Lua scripts take it: '' (none), '*', or '=' followed by the space-separated versions. */
  public String script() {
    if (any) {
      return "*";
    }
    return versions.isEmpty() ? "" : "=" + String.join(" ", versions);
  }
}
