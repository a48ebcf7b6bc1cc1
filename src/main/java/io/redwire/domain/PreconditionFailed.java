package io.redwire.domain;

/** A condition the caller set (a version to match) does not hold; nothing changed. */
public final class PreconditionFailed extends DomainException {
  public PreconditionFailed(String detail) {
    super("precondition-failed", detail, null);
  }
}
