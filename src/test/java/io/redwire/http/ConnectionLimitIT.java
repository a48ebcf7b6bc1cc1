package io.redwire.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RawHttp;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica holds at most REDWIRE_HTTP_MAX_CONNECTIONS client connections. */
@RedwireTest(env = "REDWIRE_HTTP_MAX_CONNECTIONS=5")
class ConnectionLimitIT {

  @Test
  void connectionsAboveTheLimitAreClosedAtOnceAndCounted(TestApp app) {
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        RawHttp conn = new RawHttp(app.app().httpPort());
        conn.send("GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(200, RawHttp.status(conn.readHead()));
        held.add(conn);
      }
      try (RawHttp sixth = new RawHttp(app.app().httpPort())) {
        assertTrue(sixth.closedByServer(), "the sixth connection is closed at once");
      }
      held.remove(0).close();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        try (RawHttp again = new RawHttp(app.app().httpPort())) {
          again.send("GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
          String metrics = again.readUntilClosed();
          assertEquals(200, RawHttp.status(metrics));
          assertTrue(metrics.contains("redwire_http_connections_refused_total 1.0"), metrics);
          assertFalse(metrics.contains("redwire_http_connections_open 6"), metrics);
        }
      });
    } finally {
      held.forEach(RawHttp::close);
    }
  }
}
