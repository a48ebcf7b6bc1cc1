package io.redwire.queue;

import java.util.UUID;

/** Queue names and paths for the queue tests: a fresh queue per test, so tests never share one. */
final class QueuePaths {

  private QueuePaths() {}

  static String newQueue() {
    return "q" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String base(String queue) {
    return "/api/v1/queues/" + queue;
  }
}
