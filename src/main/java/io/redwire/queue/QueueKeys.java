package io.redwire.queue;

import io.redwire.redis.KeySpace;

/**
 * A queue's keys, all under the hash tag {queue} so each script touches one cluster slot:
 * {@code queue:{q}:waiting} (sorted set, score -priority*2^40 + sequence: higher priority first, FIFO
 * within a priority), {@code :delayed} (sorted set by due time), {@code :active} (sorted set by lease
 * deadline), {@code :completed} and {@code :failed} (sorted sets by finish time, trimmed by age and count,
 * with a TTL), {@code :seq} (the FIFO sequence), {@code :paused} (a durable flag), {@code :wake} (a wake-up
 * list with a TTL that blocked takers pop), {@code :reaper} (the reaper lock, with a TTL), {@code :repeat} and {@code :repeat-done} (repeatable
 * jobs' schedules and last occurrences, durable) and the records
 * {@code queue:{q}:job:<id>} (hashes; completed and failed ones expire).
 * Job groups (lua/include/queue_groups.lua): {@code :group:<name>} (a group's waiting jobs, scored like
 * waiting), {@code :group-names} (groups with waiting jobs), {@code :groups} (the round-robin ring),
 * {@code :groups-maxed} and {@code :groups-limited} (groups parked at their concurrency or rate limit),
 * {@code :grouped} (waiting grouped jobs) and {@code :group-active} (active jobs per group); each empties with
 * its groups. Limits: {@code :limits} (set through the API, durable), and the rate windows
 * {@code :rate:<window>} and {@code :group-rate:<window>} (with a TTL of two windows).
 */
final class QueueKeys {

  private final KeySpace keys;

  QueueKeys(KeySpace keys) {
    this.keys = keys;
  }

  String state(String queue, String state) {
    return keys.key("queue", KeySpace.tag(queue), state);
  }

  String waiting(String queue) {
    return state(queue, "waiting");
  }

  String delayed(String queue) {
    return state(queue, "delayed");
  }

  String active(String queue) {
    return state(queue, "active");
  }

  String completed(String queue) {
    return state(queue, "completed");
  }

  String failed(String queue) {
    return state(queue, "failed");
  }

  String sequence(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "seq");
  }

  String paused(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "paused");
  }

  String wake(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "wake");
  }

  String reaperLock(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "reaper");
  }

  /** Repeatable jobs: name to schedule JSON (durable). */
  String repeats(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "repeat");
  }

  /** Repeatable jobs: name to the last occurrence enqueued (durable). */
  String repeatsDone(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "repeat-done");
  }

  /** A group's waiting jobs are this plus the group's name (same slot as the queue's keys). */
  String groupPrefix(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "group", "");
  }

  String group(String queue, String group) {
    return groupPrefix(queue) + group;
  }

  String groupNames(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "group-names");
  }

  String groupRing(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "groups");
  }

  String groupsMaxed(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "groups-maxed");
  }

  String groupsLimited(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "groups-limited");
  }

  String grouped(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "grouped");
  }

  String groupActive(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "group-active");
  }

  /** The limits set through the API (durable; absent: the configured ones apply). */
  String limits(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "limits");
  }

  /** The queue's rate window counters are this plus the window's number. */
  String rateWindowPrefix(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "rate", "");
  }

  /** Per-group rate window counters (hashes of group to jobs taken) are this plus the window's number. */
  String groupRateWindowPrefix(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "group-rate", "");
  }

  /** Job records are this plus the id; scripts build them from it (same slot as the queue's keys). */
  String jobPrefix(String queue) {
    return keys.key("queue", KeySpace.tag(queue), "job", "");
  }

  String job(String queue, String id) {
    return jobPrefix(queue) + id;
  }

  /** The names of every queue that was ever written to (durable), so any replica can reap any queue. */
  String registry() {
    return keys.key("queues");
  }
}
