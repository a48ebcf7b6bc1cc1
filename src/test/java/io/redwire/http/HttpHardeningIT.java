package io.redwire.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RawHttp;
import io.redwire.support.RedwireTest;
import io.redwire.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an attacker and an HTTP linter try, over raw sockets: bodies before auth, slow senders and
 * slowloris, made-up methods, odd framing, dot segments, duplicated credentials.
 */
@RedwireTest(env = {"REDWIRE_HTTP_BODY_TIMEOUT_MS=600", "REDWIRE_HTTP_HEADER_TIMEOUT_MS=800"})
class HttpHardeningIT {

  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aRequestWithoutAValidTokenIsRefusedBeforeItsBodyIsRead(TestApp app) {
    for (String auth : new String[] {"", "Authorization: Bearer not-a-known-token-at-all\r\n"}) {
      try (RawHttp raw = new RawHttp(app.app().httpPort())) {
        // a megabyte announced, not one byte of it sent: the answer must not wait for it
        raw.send("POST /api/v1/counters/big/incr HTTP/1.1\r\nHost: t\r\n" + auth
            + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");
        String head = raw.readHead();
        assertEquals(401, RawHttp.status(head), head);
        assertTrue(head.toLowerCase().contains("connection: close"), head);
        assertTrue(raw.closedByServer(), "the connection is closed rather than kept for a body nobody will read");
      }
    }
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIs408AndItsConnectionCloses(TestApp app) {
    try (RawHttp raw = new RawHttp(app.app().httpPort())) {
      raw.send("POST /api/v1/counters/slow/incr HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"by\":");
      String head = raw.readHead();
      assertEquals(408, RawHttp.status(head), head);
      assertTrue(raw.closedByServer());
    }
    assertEquals(0, counter(app, "slow"), "nothing was written");
    assertTrue(metrics(app).contains("redwire_http_request_timeouts_total{phase=\"body\"} "));
  }

  @Test
  void aSlowlorisIsCutOffAfterTheHeaderTimeout(TestApp app) {
    List<RawHttp> lorises = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        // a request head that never ends, as a slowloris sends it
        lorises.add(new RawHttp(app.app().httpPort()).send("GET /health/live HTTP/1.1\r\nHost: t\r\nX-A: "));
      }
      long start = System.nanoTime();
      for (RawHttp loris : lorises) {
        // each read waits at most the client's read timeout (5 s) for the server to close
        assertTrue(loris.closedByServer(), "every loris is closed");
      }
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "all 200 were closed within seconds");
    } finally {
      lorises.forEach(RawHttp::close);
    }
    String metrics = metrics(app);
    assertTrue(headerTimeouts(metrics) >= 200, metrics);
    // and the server still serves
    assertEquals(200, RawHttp.status(request(app, "GET /health/live HTTP/1.1\r\nHost: t\r\n")));
  }

  @Test
  void madeUpMethodsAre501AndShareOneMetricLabel(TestApp app) {
    for (int i = 0; i < 5; i++) {
      String response = request(app, "M0000" + i + "XYZ /api/v1/counters/m HTTP/1.1\r\nHost: t\r\n");
      assertEquals(501, RawHttp.status(response), response);
      assertTrue(response.contains("\"title\":\"Not Implemented\""), response);
    }
    String metrics = metrics(app);
    assertFalse(metrics.contains("M0000"), "no label per made-up method");
    assertTrue(metrics.contains("method=\"OTHER\""), "counted as OTHER");
  }

  @Test
  void twoAuthorizationHeadersAre400(TestApp app) {
    String response = request(app, "GET /api/v1/counters/two HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
        + "\r\nAuthorization: Bearer " + TestApp.ADMIN_KEY + "\r\n");
    assertEquals(400, RawHttp.status(response), response);
    assertTrue(response.contains("Authorization"), response);
  }

  @Test
  void dotSegmentsAre400InsteadOfLeadingToAnotherRoute(TestApp app) {
    for (String path : new String[] {"/api/v1/counters/./incr", "/api/v1/counters/../users/x",
        "/api/v1/counters/%2e%2e/x", "/api/v1/users/.", "/api/v1/locks/.%2E"}) {
      String response = request(app, "GET " + path + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY + "\r\n");
      assertEquals(400, RawHttp.status(response), path + ": " + response);
    }
    // dots inside a name are fine
    assertEquals(200, app.get("/api/v1/counters/a.b..c", KEY).status());
  }

  @Test
  void transferCodingsOtherThanChunkedAre400AndNothingAfterThemRuns(TestApp app) {
    String smuggled = "GET /api/v1/counters/smuggled/incr HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
        + "\r\n\r\n";
    // "xchunked" and "identity" would leave the body length to Content-Length (absent: 0), so what follows
    // would be read as a second request; "chunked, identity" is read as chunked but is not valid either
    for (String[] attempt : new String[][] {{"xchunked", smuggled}, {"identity", smuggled},
        {"chunked, identity", "0\r\n\r\n" + smuggled}}) {
      try (RawHttp raw = new RawHttp(app.app().httpPort())) {
        raw.send("POST /api/v1/counters/framed/incr HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: " + attempt[0] + "\r\n\r\n" + attempt[1]);
        String all = raw.readUntilClosed();
        assertEquals(400, RawHttp.status(all), attempt[0] + ": " + all);
        assertEquals(1, all.split("HTTP/1.1 ", -1).length - 1, attempt[0] + ": exactly one response: " + all);
      }
    }
    assertEquals(0, counter(app, "smuggled"), "the bytes after the refused request never ran");
    assertEquals(0, counter(app, "framed"));
  }

  @Test
  void contentLengthWithTransferEncodingIs400AndTheConnectionCloses(TestApp app) {
    String smuggled = "GET /api/v1/counters/cl-te-smuggled/incr HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
        + "\r\n\r\n";
    try (RawHttp raw = new RawHttp(app.app().httpPort())) {
      // a front end going by Content-Length would forward the smuggled request inside this body
      String chunked = "0\r\n\r\n" + smuggled;
      raw.send("POST /api/v1/counters/cl-te/incr HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + KEY
          + "\r\nContent-Type: application/json\r\nContent-Length: " + chunked.length()
          + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
      String all = raw.readUntilClosed();
      assertEquals(400, RawHttp.status(all), all);
      assertEquals(1, all.split("HTTP/1.1 ", -1).length - 1, "exactly one response: " + all);
    }
    assertEquals(0, counter(app, "cl-te"));
    assertEquals(0, counter(app, "cl-te-smuggled"));
  }

  @Test
  void aRequestTheDecoderCannotParseGetsAProblemAndTheConnectionCloses(TestApp app) {
    try (RawHttp raw = new RawHttp(app.app().httpPort())) {
      raw.send("GET /health/live HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
      String all = raw.readUntilClosed();
      assertEquals(431, RawHttp.status(all), all);
      assertTrue(all.contains("application/problem+json"), all);
    }
  }

  private static long counter(TestApp app, String name) {
    return new JsonObject(app.get("/api/v1/counters/" + name, KEY).body()).getLong("value");
  }

  private static long headerTimeouts(String metrics) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith("redwire_http_request_timeouts_total{phase=\"header\"}")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** One request on its own connection, asking the server to close it after the answer. */
  private static String request(TestApp app, String head) {
    try (RawHttp raw = new RawHttp(app.app().httpPort())) {
      return raw.send(head + "Connection: close\r\n\r\n").readUntilClosed();
    }
  }

  private static String metrics(TestApp app) {
    return request(app, "GET /metrics HTTP/1.1\r\nHost: t\r\n");
  }
}
