package io.redwire.domain;

/**
 * A write the master applied but fewer replicas than required confirmed in time (REDWIRE_REDIS_MIN_REPLICAS_ACK):
 * it may survive or be lost on a failover. Never a plain success; a client may repeat the call when the
 * operation is idempotent.
 */
public final class NotReplicated extends Unavailable {

  public static final String REASON = "not-replicated";

  public NotReplicated(String detail, Throwable cause) {
    super(REASON, detail, cause);
  }
}
