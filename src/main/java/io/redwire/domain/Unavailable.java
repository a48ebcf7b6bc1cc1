package io.redwire.domain;

/**
 * A dependency cannot answer now (Redis down or slow, no lock quorum); the same call may succeed
 * shortly, so callers may retry it after a pause.
 */
public class Unavailable extends DomainException {
  public Unavailable(String reason, String detail, Throwable cause) {
    super(reason, detail, cause);
  }
}
