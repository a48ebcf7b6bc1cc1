package io.redwire.realtime;

import io.redwire.redis.KeySpace;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The channels of {@code /ws} and their Redis names, in one place. A channel name is a path name
 * ({@code [A-Za-z0-9._:-]}, 1-128); its first segment says what it is: {@code leaderboard:<board>} (live
 * board windows), {@code user:<userId>} (one user's notifications), {@code queue:<queue>} (job events),
 * anything else a broadcast channel such as {@code news:general}. Each channel's Redis keys share the
 * channel as their hash tag, so the durable publish script and a sharded subscription stay on one node.
 */
final class Channels {

  enum Kind { LEADERBOARD, USER, QUEUE, BROADCAST }

  static final String LEADERBOARD_PREFIX = "leaderboard:";
  static final String USER_PREFIX = "user:";
  static final String QUEUE_PREFIX = "queue:";

  private final KeySpace keys;
  private final List<Pattern> durable;

  /** @param durablePatterns glob patterns ({@code *} any run of characters) of durable broadcast channels */
  Channels(KeySpace keys, List<String> durablePatterns) {
    this.keys = keys;
    this.durable = durablePatterns.stream().map(Channels::glob).toList();
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  static Kind kindOf(String channel) {
    if (channel.startsWith(LEADERBOARD_PREFIX)) {
      return Kind.LEADERBOARD;
    }
    if (channel.startsWith(USER_PREFIX)) {
      return Kind.USER;
    }
    if (channel.startsWith(QUEUE_PREFIX)) {
      return Kind.QUEUE;
    }
    return Kind.BROADCAST;
  }

  /** The part after the kind's prefix: the board, user id or queue. */
  static String subject(String channel) {
    return channel.substring(channel.indexOf(':') + 1);
  }

  /** True for a broadcast channel that keeps a history (matches a durable pattern). */
  boolean isDurable(String channel) {
    if (kindOf(channel) != Kind.BROADCAST) {
      return false;
    }
    for (Pattern p : durable) {
      if (p.matcher(channel).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The Redis Pub/Sub channel of a /ws channel. */
  String redisChannel(String channel) {
    return keys.key("rt", KeySpace.tag(channel));
  }

  /** The /ws channel of a Redis channel made by {@link #redisChannel}, or null for any other. */
  String publicChannel(String redisChannel) {
    String head = keys.key("rt", "{");
    if (!redisChannel.startsWith(head) || !redisChannel.endsWith("}")) {
      return null;
    }
    return redisChannel.substring(head.length(), redisChannel.length() - 1);
  }

  /** A durable channel's capped history stream. */
  String history(String channel) {
    return keys.key("rt", KeySpace.tag(channel), "history");
  }

  /** The newest history id trimmed away (by size or age), for telling a reader what is gone. */
  String trimmed(String channel) {
    return keys.key("rt", KeySpace.tag(channel), "trimmed");
  }
}
