package io.redwire.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Lua script from {@code src/main/resources/lua/}, with the SHA-1 Redis knows it by. */
public record LuaScript(String name, String source, String sha1, String metricName) {

  private static final Pattern INCLUDE = Pattern.compile("(?m)^--- @include \"([a-z_/]+)\"$");

  public LuaScript(String name, String source, String sha1) {
    this(name, source, sha1, "script:" + name);
  }

  /**
   * Reads {@code lua/<name>.lua} from the classpath, with each {@code --- @include "include/x"} line
   * replaced by the fragment {@code lua/include/x.lua} (one level; fragments hold shared local functions).
   * Called at startup, never on an event loop.
   */
  public static LuaScript load(String name) {
    String source = INCLUDE.matcher(read(name)).replaceAll(m -> Matcher.quoteReplacement(read(m.group(1))));
    return new LuaScript(name, source, sha1(source));
  }

  /** The text of {@code lua/<name>.lua} as it is, for Java code that shares a definition with the scripts. */
  public static String text(String name) {
    return read(name);
  }

  private static String read(String name) {
    String resource = "lua/" + name + ".lua";
    try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Lua script " + resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + resource, e);
    }
  }

  static String sha1(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
