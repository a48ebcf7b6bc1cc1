package io.redwire.queue;

import io.redwire.config.AppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A queue's limits across all replicas, 0 meaning none: at most {@code rateMax} jobs taken per
 * {@code rateWindowMs}, at most {@code groupConcurrency} active jobs of one group, and at most
 * {@code groupRateMax} jobs of one group taken per {@code groupRateWindowMs}. {@code fromApi} tells limits set
 * through the API (stored in Redis) from the configured ones.
 */
record QueueLimits(long rateMax, long rateWindowMs, long groupConcurrency, long groupRateMax, long groupRateWindowMs,
    boolean fromApi) {

  /** The fields of the limits hash, in the take script's order. */
  static final List<String> FIELDS = List.of("rateMax", "rateWindowMs", "groupConcurrency", "groupRateMax",
      "groupRateWindowMs");

  static QueueLimits configured(AppConfig.Queues config, String queue) {
    AppConfig.Rate rate = config.rateLimitOf(queue);
    AppConfig.Rate groupRate = config.groupRateLimitOf(queue);
    return new QueueLimits(rate == null ? 0 : rate.limit(), rate == null ? 0 : rate.windowMs(),
        config.groupConcurrencyOf(queue), groupRate == null ? 0 : groupRate.limit(),
        groupRate == null ? 0 : groupRate.windowMs(), false);
  }

  /** From the limits hash (field to value; absent fields are no limit). */
  static QueueLimits stored(Map<String, String> hash) {
    long[] v = new long[FIELDS.size()];
    for (int i = 0; i < v.length; i++) {
      String value = hash.get(FIELDS.get(i));
      v[i] = value == null ? 0 : Long.parseLong(value);
    }
    return new QueueLimits(v[0], v[1], v[2], v[3], v[4], true);
  }

  private long[] values() {
    return new long[] {rateMax, rateWindowMs, groupConcurrency, groupRateMax, groupRateWindowMs};
  }

  /** The five values for the take script, 0 for none. */
  List<String> args() {
    List<String> args = new ArrayList<>(FIELDS.size());
    for (long v : values()) {
      args.add(String.valueOf(v));
    }
    return args;
  }

  /** Field, value pairs of the limits that are set, for the limits hash. */
  List<String> hashPairs() {
    List<String> pairs = new ArrayList<>();
    long[] v = values();
    for (int i = 0; i < v.length; i++) {
      if (v[i] > 0) {
        pairs.add(FIELDS.get(i));
        pairs.add(String.valueOf(v[i]));
      }
    }
    return pairs;
  }
}
