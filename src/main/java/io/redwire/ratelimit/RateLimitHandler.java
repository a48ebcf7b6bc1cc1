package io.redwire.ratelimit;

import io.redwire.auth.Access;
import io.redwire.http.ProblemException;
import io.redwire.http.Problems;
import io.redwire.http.Replies;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Applies the per-principal quota to every /api/v1 request and advertises it: the RateLimit-Limit,
 * -Remaining and -Reset fields that clients know, plus the IETF draft's RateLimit-Policy and RateLimit.
 * A rejected request is 429 with Retry-After.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  private static final String POLICY = "\"default\"";

  private final PrincipalRateLimiter limiter;
  private final Quota quota;
  private final String limitValue;
  private final String policyValue;

  /** @param quota where decisions come from: the limiter itself, or this event loop's {@link QuotaLeases} */
  public RateLimitHandler(PrincipalRateLimiter limiter, Quota quota) {
    this.limiter = limiter;
    this.quota = quota;
    this.limitValue = String.valueOf(limiter.limit());
    this.policyValue = POLICY + ";q=" + limiter.limit() + ";w=" + Math.max(1, limiter.windowMs() / 1000);
  }

  @Override
  public void handle(RoutingContext ctx) {
    quota.acquire(Access.principal(ctx).rateKey()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      PrincipalRateLimiter.Decision d = ar.result();
      long resetSeconds = seconds(d.allowed() ? d.resetMs() : d.retryAfterMs());
      MultiMap headers = ctx.response().headers();
      headers.set("RateLimit-Limit", limitValue);
      headers.set("RateLimit-Remaining", String.valueOf(d.remaining()));
      headers.set("RateLimit-Reset", String.valueOf(resetSeconds));
      headers.set("RateLimit-Policy", policyValue);
      headers.set("RateLimit", POLICY + ";r=" + d.remaining() + ";t=" + resetSeconds);
      if (d.allowed()) {
        ctx.next();
      } else {
        ctx.fail(new ProblemException(429, Problems.type("rate-limited"), Problems.title(429),
            "Quota of " + d.limit() + " requests per " + limiter.windowMs() / 1000 + " s is used up; retry in "
                + resetSeconds + " s",
            List.of(), Map.of("Retry-After", String.valueOf(resetSeconds))));
      }
    });
  }

  private static long seconds(long ms) {
    return Math.max(1, Replies.secondsRoundedUp(ms));
  }
}
