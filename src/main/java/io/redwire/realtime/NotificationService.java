package io.redwire.realtime;

import io.redwire.config.AppConfig;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes messages to /ws channels through Redis, so every replica's bridge delivers them. A durable
 * channel's message goes into its capped history and out on Pub/Sub in one script, carrying its offset.
 */
final class NotificationService {

  /** What a publish did: the offset (null without history) and the subscribers Redis counted. */
  record Published(String offset, long receivers) {}

  /** One history entry: offset and payload JSON. */
  record Entry(String offset, String payload) {}

  /** A history read: the entries after an offset, and whether nothing after it is gone. */
  record History(boolean complete, List<Entry> entries) {}

  private final SharedRedis redis;
  private final Channels channels;
  private final AppConfig.Realtime config;
  private final String publishCommand;
  private final LuaScript publishDurable;
  private final LuaScript history;

  NotificationService(SharedRedis redis, Channels channels, LuaScripts scripts, AppConfig.Realtime config,
      String publishCommand) {
    this.redis = redis;
    this.channels = channels;
    this.config = config;
    this.publishCommand = publishCommand;
    this.publishDurable = scripts.get("realtime/publish_durable");
    this.history = scripts.get("realtime/history");
  }

  /** @param payloadJson the payload, already valid JSON text */
  Future<Published> publish(String channel, String payloadJson) {
    String redisChannel = channels.redisChannel(channel);
    if (!channels.isDurable(channel)) {
      Command command = publishCommand.equals("SPUBLISH") ? Command.SPUBLISH : Command.PUBLISH;
      return redis.send(command, redisChannel, Frames.wire(channel, null, payloadJson))
          .map(r -> new Published(null, r.toLong()));
    }
    long ageMs = config.historyMaxAgeSeconds() * 1000;
    return redis.eval(publishDurable, List.of(channels.history(channel), channels.trimmed(channel)),
            List.of(redisChannel, Frames.messageHead(channel), payloadJson, String.valueOf(config.historySize()),
                String.valueOf(ageMs), publishCommand, String.valueOf(historyTtlSeconds())))
        .map(r -> new Published(r.get(0).toString(), r.get(1).toLong()));
  }

  /** The history of a durable channel after {@code since} (exclusive), at most one history's worth. */
  Future<History> historySince(String channel, String since) {
    return redis.eval(history, List.of(channels.history(channel), channels.trimmed(channel)),
            List.of(since, String.valueOf(config.historySize()), String.valueOf(config.historyMaxAgeSeconds() * 1000)))
        .map(NotificationService::toHistory);
  }

  private static History toHistory(Response r) {
    boolean complete = r.get(0).toLong() == 1;
    List<Entry> entries = new ArrayList<>(r.size() - 1);
    for (int i = 1; i < r.size(); i++) {
      Response e = r.get(i);
      Response fields = e.get(1);
      String payload = null;
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        if (fields.get(f).toString().equals("p")) {
          payload = fields.get(f + 1).toString();
        }
      }
      entries.add(new Entry(e.get(0).toString(), payload == null ? "null" : payload));
    }
    return new History(complete, entries);
  }

  /** The history outlives its age by a margin: an idle channel's keys go away by themselves. */
  private long historyTtlSeconds() {
    return config.historyMaxAgeSeconds() * 2;
  }
}
