package io.redwire.realtime;

import io.vertx.core.json.JsonObject;

/**
 * The JSON frames the server sends on /ws. A message on channel {@code c} is
 * {@code {"type":"message","channel":c,"offset":o,"payload":p}} (no offset on a channel without history);
 * it travels through Redis already as frame text, behind its offset and a bar ({@code <offset>|<frame>}),
 * so the bridge only splits it and writes the same bytes to every client.
 */
final class Frames {

  private Frames() {}

  /** The frame's text up to the offset's value (the durable publish script appends offset and payload). */
  static String messageHead(String channel) {
    return "{\"type\":\"message\",\"channel\":" + quote(channel) + ",\"offset\":\"";
  }

  /** A message as the publisher sends it through Redis: {@code <offset>|<frame>}. */
  static String wire(String channel, String offset, String payloadJson) {
    return (offset == null ? "" : offset) + "|" + message(channel, offset, payloadJson);
  }

  static String message(String channel, String offset, String payloadJson) {
    if (offset == null) {
      return "{\"type\":\"message\",\"channel\":" + quote(channel) + ",\"payload\":" + payloadJson + "}";
    }
    return messageHead(channel) + offset + "\",\"payload\":" + payloadJson + "}";
  }

  static String subscribed(String channel, Boolean recovered) {
    JsonObject f = new JsonObject().put("type", "subscribed").put("channel", channel);
    if (recovered != null) {
      f.put("recovered", recovered);
    }
    return f.encode();
  }

  static String unsubscribed(String channel) {
    return new JsonObject().put("type", "unsubscribed").put("channel", channel).encode();
  }

  static String authenticated(String role, String userId) {
    JsonObject f = new JsonObject().put("type", "authenticated").put("role", role);
    if (userId != null) {
      f.put("userId", userId);
    }
    return f.encode();
  }

  static String pong() {
    return "{\"type\":\"pong\"}";
  }

  static String error(String detail) {
    return new JsonObject().put("type", "error").put("detail", detail).encode();
  }

  static String error(String detail, String channel) {
    return new JsonObject().put("type", "error").put("channel", channel).put("detail", detail).encode();
  }

  /** A client-sent string echoed in an error: at most 64 characters, controls replaced. */
  static String shown(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static String quote(String s) {
    // channel names are [A-Za-z0-9._:-]: nothing to escape, but encode anyway so a change cannot break frames
    return io.vertx.core.json.Json.encode(s);
  }
}
