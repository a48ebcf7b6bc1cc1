package io.redwire.queue;

/** A handler's failure that retrying cannot fix (a webhook's 4xx): the job fails at once. */
final class PermanentJobFailure extends RuntimeException {
  PermanentJobFailure(String message) {
    super(message, null, false, false);
  }
}
