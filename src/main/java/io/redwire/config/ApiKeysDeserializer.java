package io.redwire.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code key:role,key:role} (role admin or service) as key to role. */
final class ApiKeysDeserializer extends StdDeserializer<Map<String, String>> {

  static final String DEV_KEY_PREFIX = "dev-";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.~+/=-]{16,256}");
  private static final SecureRandom RANDOM = new SecureRandom();

  ApiKeysDeserializer() {
    super(Map.class);
  }

  @Override
  public Map<String, String> deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
    return parse(parser.getValueAsString(""));
  }

  static Map<String, String> parse(String spec) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String pair : CommaSeparated.split(spec)) {
      int colon = pair.lastIndexOf(':');
      if (colon <= 0) {
        throw Check.error("auth.apiKeys", "entries must be key:role");
      }
      String key = pair.substring(0, colon);
      String role = pair.substring(colon + 1).toLowerCase(Locale.ROOT);
      if (!role.equals("admin") && !role.equals("service")) {
        throw Check.error("auth.apiKeys", "role must be admin or service, got '" + role + "'");
      }
      if (!KEY.matcher(key).matches()) {
        throw Check.error("auth.apiKeys", "keys must be 16-256 characters of [A-Za-z0-9_.~+/=-]");
      }
      keys.put(key, role);
    }
    return keys;
  }

  /** 32 random bytes, base64url: as strong as a session token. */
  static String newDevKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return DEV_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
