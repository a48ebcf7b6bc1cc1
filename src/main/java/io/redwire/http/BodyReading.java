package io.redwire.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads an API request's body, after the request was authenticated and admitted (so an anonymous
 * client cannot make the server buffer anything), up to the size limit and within the body timeout: a
 * body that has not fully arrived {@code bodyTimeoutMs} after its reading started gets 408 and its
 * connection is closed (the {@link ConnectionGuard}'s sweep enforces it, so a request costs no timer),
 * and a slow sender cannot hold a connection and a buffer for minutes.
 *
 * <p>A body that declares a small Content-Length is read into a buffer of exactly that size; any other
 * starts at Vert.x' 1 KiB and grows, so a client cannot make the server reserve more than
 * {@link #EXACT_BUFFER_MAX} bytes for a body it then never sends.
 */
final class BodyReading {

  /** Bodies that declare at most this many bytes get a buffer of their exact size (most API bodies). */
  static final int EXACT_BUFFER_MAX = 4096;

  private final ConnectionGuard guard;
  private final BodyHandler growing;
  private final BodyHandler exact;

  /** @param guard this event loop's connection guard, which enforces the body timeout in its sweep */
  BodyReading(ConnectionGuard guard, long limitBytes) {
    this.guard = guard;
    this.growing = BodyHandler.create(false).setBodyLimit(limitBytes);
    this.exact = BodyHandler.create(false).setBodyLimit(limitBytes).setPreallocateBodyBuffer(true);
  }

  /** Starts reading (the request was paused until now); the next handler runs once the body is in. */
  void read(RoutingContext ctx) {
    guard.bodyStarted(ctx);
    long declared = declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
    (declared >= 0 && declared <= EXACT_BUFFER_MAX ? exact : growing).handle(ctx);
  }

  /** The body is in: the timeout no longer applies. */
  void finished(RoutingContext ctx) {
    guard.bodyFinished(ctx);
  }

  /** The Content-Length header's value, or -1 when absent or not a plain small number. */
  static long declaredLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
