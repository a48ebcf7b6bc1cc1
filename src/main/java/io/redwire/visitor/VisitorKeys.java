package io.redwire.visitor;

import io.redwire.redis.KeySpace;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code visitors:{days}:<day>} (set of visitor ids) and {@code visitors:{days}:<day>:hll} (HyperLogLog).
 *
 * <p>Every day shares the one hash tag {@code {days}} so SINTER/SDIFF/PFCOUNT over several days run on
 * a Redis Cluster. The price is a hot slot: all visitor traffic lands on one shard. That is acceptable
 * for one set and one HLL write per visit; a deployment that outgrows it would shard by visitor instead
 * and give up cross-day set algebra in one command.
 */
final class VisitorKeys {

  static final String DAYS_TAG = KeySpace.tag("days");

  private final KeySpace keys;

  VisitorKeys(KeySpace keys) {
    this.keys = keys;
  }

  String daySet(LocalDate day) {
    return keys.key("visitors", DAYS_TAG, day.toString());
  }

  String dayLog(LocalDate day) {
    return keys.key("visitors", DAYS_TAG, day.toString(), "hll");
  }

  List<String> daySets(LocalDate from, LocalDate to) {
    List<String> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(daySet(d));
    }
    return out;
  }

  List<String> dayLogs(LocalDate from, LocalDate to) {
    List<String> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(dayLog(d));
    }
    return out;
  }
}
