package io.redwire.experiment;

import io.redwire.redis.KeySpace;

/**
 * {@code experiment:{name}:arms} (hash arm -> weight), {@code experiment:{name}:assignments}
 * (hash userId -> arm) and {@code experiment:{name}:arm:<arm>} (set of the arm's users). All share the
 * {name} hash tag so the assignment script touches one cluster slot. Durable data: no TTL.
 */
final class ExperimentKeys {

  private final KeySpace keys;

  ExperimentKeys(KeySpace keys) {
    this.keys = keys;
  }

  String arms(String experiment) {
    return keys.key("experiment", KeySpace.tag(experiment), "arms");
  }

  String assignments(String experiment) {
    return keys.key("experiment", KeySpace.tag(experiment), "assignments");
  }

  /** Prefix of the per-arm member sets; scripts append the arm name (same hash tag, same slot). */
  String armPrefix(String experiment) {
    return keys.key("experiment", KeySpace.tag(experiment), "arm", "");
  }
}
