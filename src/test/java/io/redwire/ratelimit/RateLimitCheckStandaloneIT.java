package io.redwire.ratelimit;

import io.redwire.support.RedwireTest;

/** {@link RateLimitCheckIT} on one redis-server (or REDIS_URL's). */
@RedwireTest
class RateLimitCheckStandaloneIT extends RateLimitCheckIT {
}
