package io.redwire.realtime;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** POST /api/v1/notifications: a message to a broadcast channel or to one user, on every replica. */
final class NotificationRoutes {

  private static final Set<String> FIELDS = Set.of("channel", "userId", "payload");

  private final NotificationService notifications;
  private final int maxPayloadBytes;

  NotificationRoutes(NotificationService notifications, int maxPayloadBytes) {
    this.notifications = notifications;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  void mount(ApiRoutes api) {
    api.api("/notifications").route(HttpMethod.POST, "", Access.SERVICE, this::publish);
  }

  private void publish(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String channel = null;
    boolean hasChannel = body.containsKey("channel");
    boolean hasUser = body.containsKey("userId");
    if (hasChannel == hasUser) {
      in.fail(hasChannel ? "userId" : "channel", "give exactly one of channel and userId");
    } else if (hasChannel) {
      channel = in.name("channel", in.string(body, "channel", 128, true));
      if (channel != null && Channels.kindOf(channel) != Channels.Kind.BROADCAST
          && Channels.kindOf(channel) != Channels.Kind.USER) {
        in.fail("channel", "leaderboard: and queue: channels are the server's own; publish to a broadcast "
            + "channel (e.g. news:general) or a user");
        channel = null;
      }
    } else {
      String userId = in.name("userId", in.string(body, "userId", 128, true));
      channel = userId == null ? null : Channels.USER_PREFIX + userId;
      if (channel != null && channel.length() > 128) {
        in.fail("userId", "makes a channel name over 128 characters");
      }
    }
    if (!body.containsKey("payload")) {
      in.fail("payload", "is required (any JSON value)");
    }
    in.done();
    String payload = Json.encode(body.getValue("payload"));
    if (payload.getBytes(StandardCharsets.UTF_8).length > maxPayloadBytes) {
      throw new ProblemException(413, Problems.type("payload-too-large"), Problems.title(413),
          "payload is over " + maxPayloadBytes + " bytes of JSON", List.of(), Map.of());
    }
    String target = channel;
    Replies.json(ctx, 202, notifications.publish(target, payload).map(p -> {
      JsonObject reply = new JsonObject().put("channel", target).put("receivers", p.receivers());
      if (p.offset() != null) {
        reply.put("offset", p.offset());
      }
      return reply;
    }));
  }
}
