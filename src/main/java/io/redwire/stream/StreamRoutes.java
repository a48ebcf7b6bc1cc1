package io.redwire.stream;

import io.redwire.auth.Access;
import io.redwire.config.AppConfig;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * /api/v1/streams/{stream}: describe, append and read events, consumer groups (create, read, ack, claim)
 * and dead letters (list, replay). Everything is validated before Redis is asked.
 */
final class StreamRoutes {

  /** A stream entry id: {@code <ms>-<seq>} or {@code <ms>}. */
  static final Pattern ENTRY_ID = Pattern.compile("[0-9]{1,20}(-[0-9]{1,20})?");
  static final int MAX_COUNT = 1000;
  static final int DEFAULT_COUNT = 100;
  static final int DEFAULT_READ_COUNT = 10;
  static final int MAX_ACK_IDS = 1000;
  /** A claim's minIdleMs of up to 30 days. */
  static final long MAX_MIN_IDLE_MS = 30L * 86_400_000L;

  private static final Set<String> EVENT_FIELDS = Set.of("event");
  private static final Set<String> GROUP_FIELDS = Set.of("from");
  private static final Set<String> READ_FIELDS = Set.of("consumer", "count", "blockMs");
  private static final Set<String> ACK_FIELDS = Set.of("ids");
  private static final Set<String> CLAIM_FIELDS = Set.of("consumer", "minIdleMs", "count", "start");

  private final StreamService streams;
  private final AppConfig.Streams config;

  StreamRoutes(StreamService streams, AppConfig.Streams config) {
    this.streams = streams;
    this.config = config;
  }

  void mount(ApiRoutes api) {
    api.api("/streams")
        .route(HttpMethod.GET, "/:stream", Access.SERVICE, this::describe)
        .route(HttpMethod.POST, "/:stream/events", Access.SERVICE, this::append)
        .route(HttpMethod.GET, "/:stream/events", Access.SERVICE, this::events)
        .route(HttpMethod.PUT, "/:stream/groups/:group", Access.SERVICE, this::createGroup)
        .route(HttpMethod.POST, "/:stream/groups/:group/read", Access.SERVICE, this::read)
        .route(HttpMethod.POST, "/:stream/groups/:group/ack", Access.SERVICE, this::ack)
        .route(HttpMethod.POST, "/:stream/groups/:group/claim", Access.SERVICE, this::claim)
        .route(HttpMethod.GET, "/:stream/dead-letters", Access.SERVICE, this::deadLetters)
        .route(HttpMethod.POST, "/:stream/dead-letters/:id/replay", Access.SERVICE, this::replay);
  }

  private void describe(RoutingContext ctx) {
    Input in = Input.check();
    String stream = in.pathName(ctx, "stream");
    in.done();
    Replies.json(ctx, 200, streams.describe(stream).map(d -> {
      JsonArray groups = new JsonArray();
      for (StreamService.Group g : d.groups()) {
        JsonArray consumers = new JsonArray();
        g.consumers().forEach(c -> consumers.add(new JsonObject().put("name", c.name()).put("pending", c.pending())
            .put("idleMs", c.idleMs())));
        groups.add(new JsonObject().put("name", g.name()).put("consumers", consumers).put("pending", g.pending())
            .put("lastDeliveredId", g.lastDeliveredId()).put("lag", g.lag()));
      }
      return new JsonObject().put("stream", stream).put("length", d.length()).put("firstId", d.firstId())
          .put("lastId", d.lastId()).put("groups", groups);
    }));
  }

  private void append(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, EVENT_FIELDS);
    String stream = in.pathName(ctx, "stream");
    JsonObject event = in.object(body, "event", true);
    if (StreamKeys.ORDERS.equals(stream)) {
      in.fail("stream", "the orders stream takes orders only: POST /api/v1/orders");
    }
    in.done();
    String json = event.encode();
    if (json.getBytes(StandardCharsets.UTF_8).length > config.maxEventBytes()) {
      throw new ProblemException(413, Problems.type("payload-too-large"), Problems.title(413),
          "event is over " + config.maxEventBytes() + " bytes of JSON", List.of(), Map.of());
    }
    Replies.json(ctx, 202, streams.append(stream, json, config.defaultMaxLen())
        .map(id -> new JsonObject().put("eventId", id)));
  }

  private void events(RoutingContext ctx) {
    Input in = Input.check();
    String stream = in.pathName(ctx, "stream");
    String after = entryId(in, "after", ctx.queryParams().get("after"), "0-0");
    int count = (int) in.queryLong(ctx, "count", 1, MAX_COUNT, DEFAULT_COUNT);
    in.done();
    Replies.json(ctx, 200, streams.range(stream, after, count).map(StreamRoutes::eventsJson));
  }

  private void createGroup(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, GROUP_FIELDS);
    String stream = in.pathName(ctx, "stream");
    String group = in.pathName(ctx, "group");
    String from = in.string(body, "from", 64, false);
    if (from == null) {
      from = "$";
    } else if (!from.equals("$") && !ENTRY_ID.matcher(from).matches()) {
      in.fail("from", "must be $ (new entries only), 0 (the whole stream) or an entry id");
    }
    in.done();
    Replies.json(ctx, 200, streams.createGroup(stream, group, from)
        .map(created -> new JsonObject().put("stream", stream).put("group", group).put("created", created)));
  }

  private void read(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, READ_FIELDS);
    String stream = in.pathName(ctx, "stream");
    String group = in.pathName(ctx, "group");
    String consumer = in.name("consumer", in.string(body, "consumer", 128, true));
    Long count = in.integer(body, "count", 1, MAX_COUNT, (long) DEFAULT_READ_COUNT);
    Long blockMs = in.integer(body, "blockMs", 0, config.maxReadBlockMs(), 0L);
    in.done();
    Replies.json(ctx, 200, streams.read(stream, group, consumer, count.intValue(), blockMs).map(StreamRoutes::eventsJson));
  }

  private void ack(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, ACK_FIELDS);
    String stream = in.pathName(ctx, "stream");
    String group = in.pathName(ctx, "group");
    List<String> ids = new ArrayList<>();
    Object raw = body.getValue("ids");
    if (!(raw instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_ACK_IDS) {
      in.fail("ids", "must be an array of 1-" + MAX_ACK_IDS + " entry ids");
    } else {
      for (Object id : array) {
        if (id instanceof String s && ENTRY_ID.matcher(s).matches()) {
          ids.add(s);
        } else {
          in.fail("ids", "must hold entry ids like 1764625000000-0, got " + Json.encode(id));
          break;
        }
      }
    }
    in.done();
    Replies.json(ctx, 200, streams.ack(stream, group, ids).map(n -> new JsonObject().put("acked", n)));
  }

  private void claim(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, CLAIM_FIELDS);
    String stream = in.pathName(ctx, "stream");
    String group = in.pathName(ctx, "group");
    String consumer = in.name("consumer", in.string(body, "consumer", 128, true));
    Long minIdleMs = in.integer(body, "minIdleMs", 0, MAX_MIN_IDLE_MS, config.claimIdleMs());
    Long count = in.integer(body, "count", 1, MAX_COUNT, (long) DEFAULT_READ_COUNT);
    String start = entryId(in, "start", body.getValue("start") instanceof String s ? s : null, "0-0");
    if (body.containsKey("start") && !(body.getValue("start") instanceof String)) {
      in.fail("start", "must be an entry id");
    }
    in.done();
    Replies.json(ctx, 200, streams.claim(stream, group, consumer, minIdleMs, count.intValue(), start)
        .map(c -> eventsJson(c.entries()).put("cursor", c.cursor())));
  }

  private void deadLetters(RoutingContext ctx) {
    Input in = Input.check();
    String stream = in.pathName(ctx, "stream");
    String after = entryId(in, "after", ctx.queryParams().get("after"), "0-0");
    int count = (int) in.queryLong(ctx, "count", 1, MAX_COUNT, DEFAULT_COUNT);
    in.done();
    Replies.json(ctx, 200, streams.deadLetters(stream, after, count).map(list -> {
      JsonArray out = new JsonArray();
      for (StreamEntry e : list) {
        Map<String, String> f = e.fields();
        out.add(new JsonObject().put("id", e.id()).put("originalId", f.get("originalId")).put("group", f.get("group"))
            .put("deliveries", Long.parseLong(f.getOrDefault("deliveries", "0"))).put("error", f.get("error"))
            .put("entry", storedEntry(f.getOrDefault("fields", "[]"))));
      }
      return new JsonObject().put("deadLetters", out);
    }));
  }

  private void replay(RoutingContext ctx) {
    Input in = Input.check();
    String stream = in.pathName(ctx, "stream");
    String id = entryId(in, "id", ctx.pathParam("id"), null);
    in.done();
    long maxLen = StreamKeys.ORDERS.equals(stream) ? config.ordersMaxLen() : config.defaultMaxLen();
    Replies.json(ctx, 202, streams.replay(stream, id, maxLen).map(newId -> new JsonObject().put("eventId", newId)));
  }

  private static String entryId(Input in, String field, String value, String fallback) {
    if (value == null && fallback != null) {
      return fallback;
    }
    if (value == null || !ENTRY_ID.matcher(value).matches()) {
      in.fail(field, "must be a stream entry id like 1764625000000-0");
      return fallback;
    }
    return value;
  }

  static JsonObject eventsJson(List<StreamEntry> entries) {
    JsonArray out = new JsonArray();
    for (StreamEntry e : entries) {
      out.add(new JsonObject().put("id", e.id()).put("event", eventOf(e.fields())));
    }
    return new JsonObject().put("events", out);
  }

  /** An appended event as it was posted; an entry of other fields (an order) as an object of them. */
  private static Object eventOf(Map<String, String> fields) {
    String json = fields.get(StreamEntry.EVENT_FIELD);
    if (json != null && fields.size() == 1) {
      try {
        return Json.decodeValue(json);
      } catch (DecodeException notJson) {
        return json;
      }
    }
    return new JsonObject(new java.util.LinkedHashMap<String, Object>(fields));
  }

  /** A dead letter's original entry, kept as a JSON array of field/value pairs. */
  private static Object storedEntry(String pairs) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    try {
      Object parsed = Json.decodeValue(pairs);
      if (parsed instanceof JsonArray a) {
        for (int i = 0; i + 1 < a.size(); i += 2) {
          fields.put(String.valueOf(a.getValue(i)), String.valueOf(a.getValue(i + 1)));
        }
      }
    } catch (DecodeException notJson) {
      // an entry trimmed away before it died: nothing to show
    }
    return eventOf(fields);
  }
}
