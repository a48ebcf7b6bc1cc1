package io.redwire.domain;

/** The thing asked for does not exist. */
public final class NotFound extends DomainException {
  public NotFound(String detail) {
    super("not-found", detail, null);
  }
}
