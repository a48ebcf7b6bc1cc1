package io.redwire.counter;

import io.redwire.redis.KeySpace;

/** {@code counter:{name}} for plain counters, {@code counter:{name}:w<seconds>} for fixed windows. */
final class CounterKeys {

  private final KeySpace keys;

  CounterKeys(KeySpace keys) {
    this.keys = keys;
  }

  String counter(String name) {
    return keys.key("counter", KeySpace.tag(name));
  }

  String windowed(String name, long windowSeconds) {
    return keys.key("counter", KeySpace.tag(name), "w" + windowSeconds);
  }
}
