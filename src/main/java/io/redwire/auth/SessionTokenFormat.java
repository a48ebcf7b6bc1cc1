package io.redwire.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Session tokens: 32 random bytes, base64url without padding (43 characters). */
public final class SessionTokenFormat {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionTokenFormat() {}

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static boolean looksValid(String token) {
    return token != null && FORMAT.matcher(token).matches();
  }
}
