package io.redwire.realtime;

/** WebSocket close codes the server uses (4000-4999 are the application's own, RFC 6455 7.4.2). */
final class CloseCodes {

  /** The server is shutting down (SIGTERM): reconnect elsewhere. */
  static final short GOING_AWAY = 1001;
  /** The token of the handshake or the auth frame is unknown or expired. */
  static final short INVALID_TOKEN = 4001;
  /** No auth frame (and nothing an anonymous client may do) within the auth timeout. */
  static final short AUTH_TIMEOUT = 4002;
  /** The client did not keep up: its write queue stayed over the bound, or a message would have been dropped. */
  static final short SLOW_CONSUMER = 4008;
  /** Nothing received from the client (no frame, no pong) within the idle timeout. */
  static final short IDLE = 4009;
  /** Too many unknown tokens from the client's address. */
  static final short TOO_MANY_UNKNOWN_TOKENS = 4029;

  private CloseCodes() {}
}
