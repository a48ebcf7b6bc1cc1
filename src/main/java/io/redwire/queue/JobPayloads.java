package io.redwire.queue;

import io.redwire.http.Input;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/** The payload shapes the built-in handlers accept, checked at enqueue (a job that cannot run is a 400). */
final class JobPayloads {

  private static final Set<String> WEBHOOK_FIELDS = Set.of("url", "body", "headers");
  private static final Set<String> NOTIFICATION_FIELDS = Set.of("channel", "userId", "payload");
  /** Headers a job may not set: the request's framing and redwire's own signature headers. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
      "transfer-encoding", "connection", WebhookHandler.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT),
      WebhookHandler.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), WebhookHandler.JOB_HEADER.toLowerCase(Locale.ROOT));
  private static final int MAX_URL_LENGTH = 2048;
  private static final int MAX_HEADER_LENGTH = 1024;

  private JobPayloads() {}

  /** @return the webhook's URL, for the target check, or null when the payload is already refused */
  static String webhook(Input in, String field, Object payload) {
    if (!(payload instanceof JsonObject p)) {
      in.fail(field, "must be {\"url\", \"body\", \"headers\"?} for a webhooks queue");
      return null;
    }
    for (String name : p.fieldNames()) {
      if (!WEBHOOK_FIELDS.contains(name)) {
        in.fail(field + "." + name, "is not a known field");
      }
    }
    if (!p.containsKey("body")) {
      in.fail(field + ".body", "is required (any JSON value)");
    }
    Object headers = p.getValue("headers");
    if (headers != null) {
      if (!(headers instanceof JsonObject h)) {
        in.fail(field + ".headers", "must be an object of header names to strings");
      } else {
        h.forEach(e -> {
          if (!(e.getValue() instanceof String v) || v.length() > MAX_HEADER_LENGTH || !token(e.getKey())
              || RESERVED_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT)) || v.indexOf('\r') >= 0
              || v.indexOf('\n') >= 0) {
            in.fail(field + ".headers." + e.getKey(), "must be a header name (not a reserved one) with a string value");
          }
        });
      }
    }
    Object url = p.getValue("url");
    if (!(url instanceof String u) || u.isEmpty() || u.length() > MAX_URL_LENGTH) {
      in.fail(field + ".url", "is required: an http(s) URL of 1-" + MAX_URL_LENGTH + " characters");
      return null;
    }
    return u;
  }

  static void notification(Input in, String field, Object payload) {
    if (!(payload instanceof JsonObject p)) {
      in.fail(field, "must be {\"channel\" | \"userId\", \"payload\"} for a notifications queue");
      return;
    }
    for (String name : p.fieldNames()) {
      if (!NOTIFICATION_FIELDS.contains(name)) {
        in.fail(field + "." + name, "is not a known field");
      }
    }
    boolean channel = p.containsKey("channel");
    if (channel == p.containsKey("userId")) {
      in.fail(field, "give exactly one of channel and userId");
    } else {
      String name = channel ? "channel" : "userId";
      Object value = p.getValue(name);
      if (!(value instanceof String s) || !in.isValidName(s)) {
        in.fail(field + "." + name, "must be " + Input.NAME_RULE);
      } else if (channel && (s.startsWith("queue:") || s.startsWith("leaderboard:"))) {
        in.fail(field + ".channel", "leaderboard: and queue: channels are the server's own");
      }
    }
    if (!p.containsKey("payload")) {
      in.fail(field + ".payload", "is required (any JSON value)");
    }
  }

  private static boolean token(String name) {
    if (name.isEmpty() || name.length() > 128) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }
}
