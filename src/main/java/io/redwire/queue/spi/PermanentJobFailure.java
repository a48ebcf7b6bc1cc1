package io.redwire.queue.spi;

/** A handler's failure that retrying cannot fix (a webhook's 4xx, a payload it cannot use): the job fails at once. */
public class PermanentJobFailure extends RuntimeException {

  public PermanentJobFailure(String message) {
    super(message, null, false, false);
  }

  public PermanentJobFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
