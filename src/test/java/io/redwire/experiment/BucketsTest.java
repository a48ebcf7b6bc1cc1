package io.redwire.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BucketsTest {

  @Test
  void hashIsDeterministicAndFitsLuasExactIntegers() {
    assertEquals(Buckets.hash("exp", "user:1"), Buckets.hash("exp", "user:1"));
    assertNotEquals(Buckets.hash("exp", "user:1"), Buckets.hash("other", "user:1"));
    for (int i = 0; i < 10_000; i++) {
      long h = Buckets.hash("exp", "u" + i);
      assertTrue(h >= 0 && h < (1L << Buckets.HASH_BITS), "hash " + h);
    }
  }

  @Test
  void hashSpreadsEvenlyOverBuckets() {
    int[] buckets = new int[10];
    for (int i = 0; i < 20_000; i++) {
      buckets[(int) (Buckets.hash("spread", "u" + i) % 10)]++;
    }
    for (int count : buckets) {
      assertTrue(count > 1800 && count < 2200, "bucket count " + count);
    }
  }
}
