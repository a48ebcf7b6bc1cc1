package io.redwire.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every request must get right before any route sees it: its method, its framing, its path. */
final class RequestChecks {

  private RequestChecks() {}

  static void check(RoutingContext ctx, Set<HttpMethod> knownMethods) {
    if (!knownMethods.contains(ctx.request().method())) {
      throw new ProblemException(501, "about:blank", Problems.title(501),
          "The method is not one this server implements", List.of(), Map.of());
    }
    String transferEncoding = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
    if (transferEncoding != null) {
      // RFC 9112 6.1/6.3: only chunked is understood here; with Content-Length too the framing is
      // ambiguous (request smuggling), so the connection is closed after the answer
      if (!transferEncoding.trim().equalsIgnoreCase("chunked")) {
        throw framing("Transfer-Encoding " + transferEncoding + " is not supported; use chunked");
      }
      if (ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)
          || ctx.request().headers().contains(StrictFraming.AMBIGUOUS)) {
        throw framing("A request may not carry both Content-Length and Transfer-Encoding");
      }
    }
    if (hasDotSegment(ctx.request().path())) {
      throw ProblemException.badRequest("path", "must not contain . or .. segments");
    }
  }

  private static ProblemException framing(String detail) {
    return new ProblemException(400, Problems.type("bad-framing"), Problems.title(400), detail, List.of(),
        Map.of("Connection", "close"));
  }

  /** True when a segment is "." or ".." (also percent-encoded): the router would silently resolve it. */
  static boolean hasDotSegment(String rawPath) {
    if (rawPath == null || rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
      return false;
    }
    for (String segment : rawPath.split("/", -1)) {
      String decoded = segment.indexOf('%') < 0 ? segment : decode(segment);
      if (decoded.equals(".") || decoded.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
