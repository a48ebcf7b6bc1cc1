package io.redwire.domain;

/** The request cannot be carried out in the current state (held lock, not the owner, overflow); nothing changed. */
public final class Conflict extends DomainException {
  public Conflict(String detail) {
    super("conflict", detail, null);
  }
}
