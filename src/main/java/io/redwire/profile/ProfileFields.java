package io.redwire.profile;

import io.redwire.redis.LuaScript;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile hash's reserved field names, read from the Lua fragment the scripts include
 * ({@code lua/include/profile_fields.lua}), so Java and Lua cannot disagree on them.
 */
final class ProfileFields {

  private static final String SOURCE = LuaScript.text("include/profile_fields");

  /** The version behind the ETag. */
  static final String VERSION_FIELD = constant("VERSION_FIELD");
  /** Prefix of the marker of a string that reads like a number: {@code <prefix><field>}. */
  static final String STRING_MARKER = constant("STRING_MARKER");

  private ProfileFields() {}

  private static String constant(String name) {
    Matcher m = Pattern.compile("(?m)^local " + name + " = '([^']+)'$").matcher(SOURCE);
    if (!m.find()) {
      throw new IllegalStateException("lua/include/profile_fields.lua does not define " + name);
    }
    return m.group(1);
  }
}
