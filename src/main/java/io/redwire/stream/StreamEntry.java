package io.redwire.stream;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One stream entry: its id and its field/value pairs, in order. */
record StreamEntry(String id, Map<String, String> fields) {

  /** The JSON text of an event appended over HTTP. */
  static final String EVENT_FIELD = "event";

  /** An entry of an XRANGE, XREADGROUP or XAUTOCLAIM reply; null for an entry deleted while pending. */
  static StreamEntry of(Response r) {
    if (r == null || r.size() < 2 || r.get(1) == null) {
      return null;
    }
    Response f = r.get(1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < f.size(); i += 2) {
      fields.put(f.get(i).toString(), f.get(i + 1) == null ? "" : f.get(i + 1).toString());
    }
    return new StreamEntry(r.get(0).toString(), fields);
  }

  /** The entries of a reply's array, skipping deleted ones. */
  static List<StreamEntry> list(Response array) {
    List<StreamEntry> out = new ArrayList<>();
    if (array == null) {
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      StreamEntry e = of(array.get(i));
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /** The one stream's entries of an XREADGROUP reply (a map by stream under RESP3; null on timeout). */
  static List<StreamEntry> ofRead(Response reply) {
    if (reply == null) {
      return List.of();
    }
    for (String stream : reply.getKeys()) {
      return list(reply.get(stream));
    }
    return List.of();
  }
}
