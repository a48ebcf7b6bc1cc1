package io.redwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A flood of random session-shaped tokens must not turn into a flood of Redis lookups. */
@RedwireTest(env = {"REDWIRE_AUTH_TOKEN_MISS_LIMIT=10", "REDWIRE_AUTH_TOKEN_MISS_WINDOW_MS=60000"})
class TokenFloodIT {

  @Test
  void unknownTokensFromOneAddressStopCostingLookupsAfterTheLimit(TestRedis redis, TestApp app) {
    SecureRandom random = new SecureRandom();
    long lookupsBefore = gets(redis);
    int unauthorized = 0;
    int refused = 0;
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      Reply r = app.get("/api/v1/counters/flood", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      if (r.status() == 401) {
        unauthorized++;
      } else {
        assertEquals(429, r.status(), r.body());
        assertNotNull(r.header("Retry-After"));
        refused++;
      }
    }
    assertEquals(10, unauthorized, "the first ten unknown tokens are looked up and refused");
    assertEquals(190, refused);
    assertTrue(gets(redis) - lookupsBefore <= 10, "at most ten session lookups for 200 requests");
  }

  private static long gets(TestRedis redis) {
    for (String line : String.valueOf(redis.call("INFO", "commandstats")).split("\r?\n")) {
      if (line.startsWith("cmdstat_get:calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }
}
