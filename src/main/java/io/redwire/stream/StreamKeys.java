package io.redwire.stream;

import io.redwire.redis.KeySpace;

/**
 * The keys of streams and of the orders' billing. A stream's own keys share its tag ({@code {name}}); the
 * billing effect's keys share the user's tag ({@code {userId}}), the one the profile hash has, so each
 * script touches one slot on a cluster.
 * <ul>
 *   <li>{@code stream:{name}}: the stream (durable, bounded by MAXLEN ~)</li>
 *   <li>{@code stream:{name}:dead}: its dead letters (durable, bounded)</li>
 *   <li>{@code stream:{name}:errors:<group>}: last processing error per pending entry (expires)</li>
 *   <li>{@code stream:{name}:claimer:<group>}: the claimer lock (expires)</li>
 *   <li>{@code stream:{orders}:order:<orderId>}: a posted orderId's first entry id (expires)</li>
 *   <li>{@code billed:{userId}:<orderId>}: an order's billing marker (expires)</li>
 *   <li>{@code user:{userId}}: the profile hash, as the profile capability names it</li>
 *   <li>{@code streams:watched}: the streams whose groups get gauges, those with a group made over HTTP
 *       (durable, bounded: a set of at most REDWIRE_STREAM_GAUGE_GROUPS_MAX names)</li>
 * </ul>
 */
final class StreamKeys {

  /** The built-in stream that POST /api/v1/orders appends to. */
  static final String ORDERS = "orders";

  private final KeySpace keys;

  StreamKeys(KeySpace keys) {
    this.keys = keys;
  }

  String stream(String name) {
    return keys.key("stream", KeySpace.tag(name));
  }

  String deadLetters(String name) {
    return keys.key("stream", KeySpace.tag(name), "dead");
  }

  String lastErrors(String name, String group) {
    return keys.key("stream", KeySpace.tag(name), "errors", group);
  }

  String claimerLock(String name, String group) {
    return keys.key("stream", KeySpace.tag(name), "claimer", group);
  }

  String orderMarker(String orderId) {
    return keys.key("stream", KeySpace.tag(ORDERS), "order", orderId);
  }

  String billed(String userId, String orderId) {
    return keys.key("billed", KeySpace.tag(userId), orderId);
  }

  String watchedStreams() {
    return keys.key("streams", "watched");
  }

  /** Must stay the profile capability's name (ProfileKeys): billing writes into that hash. */
  String profile(String userId) {
    return keys.key("user", KeySpace.tag(userId));
  }
}
