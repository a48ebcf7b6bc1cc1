package io.redwire.http;

import java.util.regex.Pattern;

/**
 * Makes request URIs safe to log: a path segment that could be a session token (43 characters of
 * base64url, as in {@code /api/v1/sessions/{token}}) and the value of a {@code token} or
 * {@code access_token} query parameter (lock tokens, the WebSocket's {@code ?token=}) become {@code ***}.
 */
public final class Redaction {

  private static final Pattern TOKEN_SEGMENT = Pattern.compile("(?<=/)[A-Za-z0-9_-]{43}(?=/|$|\\?)");
  private static final Pattern TOKEN_QUERY = Pattern.compile("((?:^|[?&])(?:access_)?token=)[^&#]*");

  private Redaction() {}

  public static String uri(String uri) {
    if (uri == null) {
      return null;
    }
    String path = TOKEN_SEGMENT.matcher(uri).replaceAll("***");
    return path.indexOf("token=") < 0 ? path : TOKEN_QUERY.matcher(path).replaceAll("$1***");
  }
}
