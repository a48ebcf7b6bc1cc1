package io.redwire.support;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test class or test method started, closed when it ends (JUnit closes the AutoCloseable values
 * of a context's store), last started first: apps stop before the Redis they use.
 */
final class Closer implements AutoCloseable {

  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    started.push(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (AutoCloseable next = started.poll(); next != null; next = started.poll()) {
      try {
        next.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
