package io.redwire.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsExponentiallyWithinJitterAndStopsAtTheCap() {
    Backoff b = new Backoff(100, 5000);
    for (int i = 0; i < 200; i++) {
      long first = b.delayMs(1);
      assertTrue(first >= 50 && first <= 100, "first " + first);
      long fourth = b.delayMs(4);
      assertTrue(fourth >= 400 && fourth <= 800, "fourth " + fourth);
      long late = b.delayMs(40);
      assertTrue(late >= 2500 && late <= 5000, "capped " + late);
    }
  }
}
