package io.redwire.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Problem documents, body limits, content types and unknown routes. */
@RedwireTest(env = "REDWIRE_BODY_LIMIT_BYTES=8192")
class HttpConventionsIT {

  static TestRedis redis;
  static TestApp app;

  @BeforeAll
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  @Test
  void oversizedBodyIs413AndWritesNothing() {
    String big = "{\"userId\":\"42\",\"data\":{\"blob\":\"" + "x".repeat(9000) + "\"}}";
    int before = redis.client().scan(app.prefix() + "session:*").size();
    Reply r = app.send("POST", "/api/v1/sessions", big, TestApp.SERVICE_KEY, Map.of());
    assertEquals(413, r.status());
    assertEquals("application/problem+json", r.contentType());
    assertEquals(413, r.json().getInteger("status"));
    assertEquals(before, redis.client().scan(app.prefix() + "session:*").size());
  }

  @Test
  void bodiesAreReadWholeWhateverTheirSizeAndFraming() throws Exception {
    // small declared bodies get an exact-size buffer, larger or chunked ones a growing buffer
    for (int size : new int[] {10, 3000, 6000}) {
      String blob = "y".repeat(size);
      String body = "{\"userId\":\"42\",\"data\":{\"blob\":\"" + blob + "\"}}";
      Reply declared = app.send("POST", "/api/v1/sessions", body, TestApp.SERVICE_KEY, Map.of());
      assertEquals(201, declared.status(), declared.body());
      assertEquals(blob, storedBlob(declared));
      String[] chunked = sendChunked("/api/v1/sessions", body);
      assertEquals("201", chunked[0], chunked[1]);
      assertEquals(blob, storedBlob(new JsonObject(chunked[1]).getString("token")));
    }
    String tooBig = "{\"userId\":\"42\",\"data\":{\"blob\":\"" + "z".repeat(9000) + "\"}}";
    int before = redis.client().scan(app.prefix() + "session:*").size();
    assertEquals("413", sendChunked("/api/v1/sessions", tooBig)[0], "a chunked body over the limit");
    assertEquals(before, redis.client().scan(app.prefix() + "session:*").size());
  }

  private String storedBlob(Reply created) {
    return storedBlob(created.json().getString("token"));
  }

  private String storedBlob(String token) {
    return app.get("/api/v1/sessions/" + token, TestApp.SERVICE_KEY).json().getJsonObject("data").getString("blob");
  }

  /**
   * POSTs the body with Transfer-Encoding: chunked in three pieces, in separate TCP segments; answers
   * {status, body}. The last piece goes out with the terminating chunk in one write, so that nothing is
   * written after a server that rejected the body has answered and closed.
   */
  private String[] sendChunked(String path, String body) throws Exception {
    URI base = URI.create(app.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestApp.SERVICE_KEY
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
          .getBytes(US_ASCII));
      byte[] bytes = body.getBytes(UTF_8);
      int piece = bytes.length / 3 + 1;
      for (int from = 0; from < bytes.length; from += piece) {
        int len = Math.min(piece, bytes.length - from);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.write((Integer.toHexString(len) + "\r\n").getBytes(US_ASCII));
        chunk.write(bytes, from, len);
        chunk.write("\r\n".getBytes(US_ASCII));
        boolean last = from + len >= bytes.length;
        if (last) {
          chunk.write("0\r\n\r\n".getBytes(US_ASCII));
        }
        out.write(chunk.toByteArray());
        out.flush();
        if (!last) {
          Thread.sleep(20); // the behaviour under test: the server sees the body arrive in parts
        }
      }
      String response = new String(socket.getInputStream().readAllBytes(), UTF_8);
      int headerEnd = response.indexOf("\r\n\r\n");
      return new String[] {response.substring(9, 12), response.substring(headerEnd + 4)};
    }
  }

  @Test
  void wrongContentTypeIs415() {
    Reply r = app.send("POST", "/api/v1/sessions", "userId=42", TestApp.SERVICE_KEY,
        Map.of("Content-Type", "text/plain"));
    assertEquals(415, r.status());
    assertEquals("application/problem+json", r.contentType());
  }

  @Test
  void emptyBodyMeansEmptyObject() {
    Reply r = app.send("POST", "/api/v1/counters/empty/incr", null, TestApp.SERVICE_KEY, Map.of());
    assertEquals(200, r.status());
    assertEquals(1L, r.json().getLong("value"));
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    Reply missing = app.get("/api/v1/nothing-here", TestApp.SERVICE_KEY);
    assertEquals(404, missing.status());
    assertEquals("application/problem+json", missing.contentType());
    Reply page = app.get("/no-such-page", null);
    assertEquals(404, page.status());
    assertEquals("application/problem+json", page.contentType());
    Reply method = app.send("PATCH", "/api/v1/counters/x/incr", "{}", TestApp.SERVICE_KEY, Map.of());
    assertEquals(405, method.status());
    assertEquals("application/problem+json", method.contentType());
  }

  @Test
  void clientsAskingForAnH2cUpgradeGetWholeResponses() throws Exception {
    // the JDK client sends "Upgrade: h2c" on its first request; the server answers in HTTP/1.1
    java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2)
        .build();
    int expected = app.get("/openapi.yaml", null).body().length();
    for (int i = 0; i < 3; i++) {
      java.net.http.HttpResponse<String> r = h2.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(app.baseUrl() + "/openapi.yaml")).timeout(java.time.Duration.ofSeconds(10)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertEquals(expected, r.body().length());
    }
  }

  @Test
  void multipleProblemsAreReportedTogether() {
    Reply r = app.send("POST", "/api/v1/counters/bad%20name/incr", "{\"by\":\"x\",\"windowSeconds\":-1}",
        TestApp.SERVICE_KEY, Map.of());
    assertEquals(400, r.status());
    assertEquals(3, r.json().getJsonArray("errors").size(), r.body());
    assertNull(redis.call("GET", app.prefix() + "counter:{bad name}"));
  }
}
