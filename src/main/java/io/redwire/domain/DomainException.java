package io.redwire.domain;

/**
 * An expected outcome a service reports instead of a value: not found, a conflict, a failed
 * precondition, a dependency that is away. Services throw these and never speak HTTP; the HTTP layer
 * maps each kind to one status and problem type. No stack trace: these are not bugs.
 */
public abstract class DomainException extends RuntimeException {

  private final String reason;

  /**
   * @param reason a stable slug naming what happened (the problem type's last segment), e.g. "conflict"
   * @param detail what happened, for a person; never holds secrets
   */
  protected DomainException(String reason, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
