package io.redwire.ratelimit;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;

/** {@link RateLimitCheckIT} on a three-master Redis Cluster: the script runs on the node that owns its key. */
@RedwireTest(redis = RedisSource.CLUSTER)
class RateLimitCheckClusterIT extends RateLimitCheckIT {
}
