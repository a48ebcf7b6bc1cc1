package io.redwire.redis;

/**
 * Joins key parts with ':' behind the configured prefix. Capability key builders use it so every key
 * carries the prefix; {@link #tag} wraps the part that decides the cluster slot.
 */
public record KeySpace(String prefix) {

  public KeySpace {
    prefix = prefix == null ? "" : prefix;
  }

  public String key(String... parts) {
    StringBuilder sb = new StringBuilder(prefix.length() + 32).append(prefix);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(parts[i]);
    }
    return sb.toString();
  }

  /** A hash tag: keys sharing it live in one Redis Cluster slot. */
  public static String tag(String value) {
    return "{" + value + "}";
  }
}
