package io.redwire.profile;

/**
 * The preconditions of a profile write, checked in the write's own script: If-Match first, then
 * If-None-Match (RFC 9110 13.2.2). Either failing is 412 and nothing is written.
 */
public record Preconditions(IfMatch ifMatch, IfNoneMatch ifNoneMatch) {

  public static final Preconditions NONE = new Preconditions(IfMatch.NONE, IfNoneMatch.NONE);
}
