package io.redwire.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids: the caller's {@code X-Request-Id} when it is a sane token (1-128 characters of
 * {@code [A-Za-z0-9._:-]}), so a trace can follow a request through proxies; else a new one, unique
 * across replicas: a random per-process prefix and a sequence number (cheaper than a UUID per request).
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  static final String CONTEXT_KEY = "redwire.requestId";

  private static final String PROCESS = HexFormat.of().formatHex(randomBytes());
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private RequestIds() {}

  static String of(String offered) {
    return offered != null && isSane(offered) ? offered : PROCESS + "-" + Long.toString(SEQUENCE.incrementAndGet(), 36);
  }

  private static boolean isSane(String id) {
    if (id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == ':' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
