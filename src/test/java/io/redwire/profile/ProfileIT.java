package io.redwire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RawHttp;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@RedwireTest(env = {"REDWIRE_PROFILE_MAX_FIELDS=" + ProfileIT.MAX_FIELDS,
    "REDWIRE_PROFILE_MAX_VALUE_LENGTH=" + ProfileIT.MAX_VALUE_LENGTH})
@OnEveryTopology
class ProfileIT {

  static final String KEY = TestApp.SERVICE_KEY;
  /** Small bounds so the limits can be tested with small bodies. */
  static final int MAX_FIELDS = 5;
  static final int MAX_VALUE_LENGTH = 20;

  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static JsonObject alice() {
    return new JsonObject().put("name", "Alice").put("plan", "pro").put("login_count", 0);
  }

  static Reply send(String method, String path, String body, Map<String, String> headers) {
    return app.send(method, path, body, KEY, headers);
  }

  static String hashKey(String id) {
    return app.prefix() + "user:{" + id + "}";
  }

  @Test
  void putStoresTypedFieldsAndGetReadsThemBack() {
    Reply put = app.put("/api/v1/users/u1", alice(), KEY);
    assertEquals(200, put.status(), put.toString());
    JsonObject expected = new JsonObject().put("id", "u1").put("fields", alice());
    assertEquals(expected, put.json());
    assertNotNull(put.header("ETag"));

    Reply get = app.get("/api/v1/users/u1", KEY);
    assertEquals(200, get.status());
    assertEquals(expected, get.json());
    assertEquals(0, get.json().getJsonObject("fields").getValue("login_count"), "a number stays a number");
    assertEquals(put.header("ETag"), get.header("ETag"));
    assertEquals(-1L, redis.client().number("TTL", hashKey("u1")), "durable data has no TTL");
  }

  @Test
  void stringsThatLookLikeNumbersStayStringsAndNumbersStayNumbers() {
    JsonObject body = new JsonObject().put("zip", "02134").put("code", "42").put("n", 42).put("ratio", 0.25)
        .put("neg", -7).put("big", Long.MAX_VALUE).put("empty", "");
    // five fields at most in this test's config
    JsonObject first = new JsonObject().put("code", "42").put("n", 42).put("ratio", 0.25).put("neg", -7)
        .put("empty", "");
    assertEquals(200, app.put("/api/v1/users/types", first, KEY).status());
    JsonObject fields = app.get("/api/v1/users/types", KEY).json().getJsonObject("fields");
    assertEquals(first, fields);
    assertEquals("42", fields.getValue("code"));
    assertEquals(42, fields.getValue("n"));
    // a string that was a number becomes a number and back again
    assertEquals(200, app.patch("/api/v1/users/types", new JsonObject().put("code", 43).put("n", "42"), KEY).status());
    fields = app.get("/api/v1/users/types", KEY).json().getJsonObject("fields");
    assertEquals(43, fields.getValue("code"));
    assertEquals("42", fields.getValue("n"));
    JsonObject second = new JsonObject().put("zip", body.getValue("zip")).put("big", body.getValue("big"))
        .put("huge", new java.math.BigInteger("123456789012345678901234567890")).put("exp", 1.5e300);
    assertEquals(200, app.put("/api/v1/users/types", second, KEY).status());
    assertEquals(second, app.get("/api/v1/users/types", KEY).json().getJsonObject("fields"));
  }

  @Test
  void putReplacesEveryField() {
    app.put("/api/v1/users/u2", alice(), KEY);
    Reply put = app.put("/api/v1/users/u2", new JsonObject().put("plan", "team"), KEY);
    assertEquals(200, put.status());
    assertEquals(new JsonObject().put("plan", "team"), put.json().getJsonObject("fields"));
    assertEquals(new JsonObject().put("plan", "team"), app.get("/api/v1/users/u2", KEY).json().getJsonObject("fields"));
  }

  @Test
  void readersNeverSeeAHalfReplacedProfile() throws Exception {
    JsonObject one = new JsonObject().put("a", "1").put("b", 1);
    JsonObject two = new JsonObject().put("c", "2").put("d", 2).put("e", "x");
    app.put("/api/v1/users/swap", one, KEY);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> writer = pool.submit(() -> {
      for (int i = 0; i < 150; i++) {
        assertEquals(200, app.put("/api/v1/users/swap", i % 2 == 0 ? two : one, KEY).status());
      }
    });
    while (!writer.isDone()) {
      Reply r = app.get("/api/v1/users/swap", KEY);
      assertEquals(200, r.status(), "never missing in between: " + r);
      JsonObject fields = r.json().getJsonObject("fields");
      assertTrue(fields.equals(one) || fields.equals(two), "a whole profile, not a mix: " + fields);
    }
    writer.get();
    pool.shutdown();
  }

  @Test
  void patchMergesGivenFieldsAndCreatesMissingProfiles() {
    app.put("/api/v1/users/u3", alice(), KEY);
    Reply patch = app.patch("/api/v1/users/u3", new JsonObject().put("plan", "team").put("city", "Oslo"), KEY);
    assertEquals(200, patch.status());
    JsonObject expected = alice().put("plan", "team").put("city", "Oslo");
    assertEquals(expected, patch.json().getJsonObject("fields"));
    assertEquals(expected, app.get("/api/v1/users/u3", KEY).json().getJsonObject("fields"));
    assertEquals(patch.header("ETag"), app.get("/api/v1/users/u3", KEY).header("ETag"));

    Reply created = app.patch("/api/v1/users/u3new", new JsonObject().put("plan", "free"), KEY);
    assertEquals(200, created.status());
    assertEquals(new JsonObject().put("plan", "free"), app.get("/api/v1/users/u3new", KEY).json().getJsonObject("fields"));
  }

  @Test
  void fieldsQueryReadsOnlyThoseAndLeavesOutAbsentOnes() {
    app.put("/api/v1/users/u4", alice(), KEY);
    Reply r = app.get("/api/v1/users/u4?fields=plan,login_count,nothere", KEY);
    assertEquals(200, r.status());
    assertEquals(new JsonObject().put("id", "u4").put("fields",
        new JsonObject().put("plan", "pro").put("login_count", 0)), r.json());
    assertEquals(app.get("/api/v1/users/u4", KEY).header("ETag"), r.header("ETag"));
    assertEquals(404, app.get("/api/v1/users/nobody?fields=plan", KEY).status());
  }

  @Test
  void incrAddsToIntegerFieldsAndCreatesMissingOnes() {
    app.put("/api/v1/users/u5", alice(), KEY);
    Reply r = app.post("/api/v1/users/u5/incr", new JsonObject().put("field", "login_count").put("by", 1), KEY);
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonObject().put("field", "login_count").put("value", 1), r.json());
    assertEquals(r.header("ETag"), app.get("/api/v1/users/u5", KEY).header("ETag"));
    r = app.post("/api/v1/users/u5/incr", new JsonObject().put("field", "login_count").put("by", -5), KEY);
    assertEquals(-4L, r.json().getLong("value"));
    r = app.post("/api/v1/users/u5/incr", new JsonObject().put("field", "visits"), KEY);
    assertEquals(1L, r.json().getLong("value"), "by defaults to 1, a missing field starts at 0");
    assertEquals(alice().put("login_count", -4).put("visits", 1),
        app.get("/api/v1/users/u5", KEY).json().getJsonObject("fields"));
  }

  @Test
  void incrOfANonIntegerFieldIsAConflictAndChangesNothing() {
    JsonObject body = new JsonObject().put("name", "Alice").put("ratio", 0.5).put("code", "7")
        .put("max", Long.MAX_VALUE);
    Reply put = app.put("/api/v1/users/u6", body, KEY);
    for (String field : List.of("name", "ratio", "code", "max")) {
      Reply r = app.post("/api/v1/users/u6/incr", new JsonObject().put("field", field), KEY);
      assertEquals(409, r.status(), field + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
    }
    Reply get = app.get("/api/v1/users/u6", KEY);
    assertEquals(body, get.json().getJsonObject("fields"));
    assertEquals(put.header("ETag"), get.header("ETag"), "the version did not move");
  }

  @Test
  void deleteThenGetIsNotFound() {
    app.put("/api/v1/users/u7", alice(), KEY);
    assertEquals(204, app.delete("/api/v1/users/u7", KEY).status());
    Reply r = app.get("/api/v1/users/u7", KEY);
    assertEquals(404, r.status());
    assertEquals("application/problem+json", r.contentType());
    assertEquals(0L, redis.client().number("EXISTS", hashKey("u7")));
    assertEquals(204, app.delete("/api/v1/users/u7", KEY).status(), "deleting again is fine");
  }

  @Test
  void etagChangesOnEveryWriteAndIsStrongAndQuoted() {
    Set<String> seen = new HashSet<>();
    List<Supplier<Reply>> writes = List.of(
        () -> app.put("/api/v1/users/u8", alice(), KEY),
        () -> app.patch("/api/v1/users/u8", new JsonObject().put("plan", "team"), KEY),
        () -> app.post("/api/v1/users/u8/incr", new JsonObject().put("field", "login_count"), KEY),
        () -> app.put("/api/v1/users/u8", alice(), KEY),
        () -> app.patch("/api/v1/users/u8", new JsonObject(), KEY));
    for (Supplier<Reply> write : writes) {
      Reply w = write.get();
      assertEquals(200, w.status(), w.toString());
      String etag = w.header("ETag");
      assertTrue(etag.matches("\"[0-9]+\""), "strong, quoted: " + etag);
      assertTrue(seen.add(etag), "a new ETag after every write: " + etag);
      assertEquals(etag, app.get("/api/v1/users/u8", KEY).header("ETag"));
    }
    // a deleted and re-created profile does not repeat an ETag the old one had
    app.delete("/api/v1/users/u8", KEY);
    assertTrue(seen.add(app.put("/api/v1/users/u8", alice(), KEY).header("ETag")));
  }

  @Test
  void staleIfMatchIsPreconditionFailedAndWritesNothing() {
    String stale = app.put("/api/v1/users/u9", alice(), KEY).header("ETag");
    Reply current = app.patch("/api/v1/users/u9", new JsonObject().put("plan", "team"), KEY);
    JsonObject before = app.get("/api/v1/users/u9", KEY).json();
    Map<String, String> ifStale = Map.of("If-Match", stale);
    List<Reply> rejected = List.of(
        send("PUT", "/api/v1/users/u9", "{\"plan\":\"free\"}", ifStale),
        send("PATCH", "/api/v1/users/u9", "{\"plan\":\"free\"}", ifStale),
        send("POST", "/api/v1/users/u9/incr", "{\"field\":\"login_count\"}", ifStale),
        send("DELETE", "/api/v1/users/u9", null, ifStale),
        send("PATCH", "/api/v1/users/u9", "{\"plan\":\"free\"}", Map.of("If-Match", "W/" + current.header("ETag"))));
    for (Reply r : rejected) {
      assertEquals(412, r.status(), r.toString());
      assertEquals("application/problem+json", r.contentType());
      assertTrue(r.json().getString("type").endsWith("/precondition-failed"));
    }
    Reply after = app.get("/api/v1/users/u9", KEY);
    assertEquals(before, after.json());
    assertEquals(current.header("ETag"), after.header("ETag"));
  }

  @Test
  void matchingIfMatchSucceeds() {
    String etag = app.put("/api/v1/users/u10", alice(), KEY).header("ETag");
    Reply patched = send("PATCH", "/api/v1/users/u10", "{\"plan\":\"team\"}", Map.of("If-Match", etag));
    assertEquals(200, patched.status(), patched.toString());
    Reply listed = send("POST", "/api/v1/users/u10/incr", "{\"field\":\"login_count\"}",
        Map.of("If-Match", "\"1\", " + patched.header("ETag")));
    assertEquals(200, listed.status(), "any tag of a list may match: " + listed);
    Reply put = send("PUT", "/api/v1/users/u10", "{\"plan\":\"free\"}", Map.of("If-Match", listed.header("ETag")));
    assertEquals(200, put.status());
    assertEquals(204, send("DELETE", "/api/v1/users/u10", null, Map.of("If-Match", put.header("ETag"))).status());
    assertEquals(404, app.get("/api/v1/users/u10", KEY).status());
  }

  @Test
  void ifMatchStarRequiresAnExistingProfile() {
    Map<String, String> star = Map.of("If-Match", "*");
    assertEquals(412, send("PUT", "/api/v1/users/u11", "{\"plan\":\"free\"}", star).status());
    assertEquals(412, send("PATCH", "/api/v1/users/u11", "{\"plan\":\"free\"}", star).status());
    assertEquals(412, send("POST", "/api/v1/users/u11/incr", "{\"field\":\"n\"}", star).status());
    assertEquals(412, send("DELETE", "/api/v1/users/u11", null, star).status());
    assertEquals(0L, redis.client().number("EXISTS", hashKey("u11")), "nothing was created");
    app.put("/api/v1/users/u11", alice(), KEY);
    assertEquals(200, send("PATCH", "/api/v1/users/u11", "{\"plan\":\"free\"}", star).status());
    assertEquals(204, send("DELETE", "/api/v1/users/u11", null, star).status());
  }

  @Test
  void concurrentPatchesWithTheSameIfMatchHaveExactlyOneWinner() throws Exception {
    String etag = app.put("/api/v1/users/u12", alice(), KEY).header("ETag");
    assertOneWinnerOthers412(racingWrites("PATCH", "/api/v1/users/u12", Map.of("If-Match", etag)),
        "/api/v1/users/u12", "exactly one PATCH wins");
  }

  static void assertNotModified(Reply r, String etag) {
    assertEquals(304, r.status(), r.toString());
    assertEquals(etag, r.header("ETag"), "a 304 carries the ETag");
    assertEquals("", r.body(), "a 304 has no body");
    assertNull(r.contentType(), "no problem document, no JSON");
    assertNull(r.header("Content-Length"), "no Content-Length: the 200 would not have been empty");
  }

  @Test
  void getWithTheCurrentEtagInIfNoneMatchIsNotModified() {
    String etag = app.put("/api/v1/users/n1", alice(), KEY).header("ETag");
    assertNotModified(send("GET", "/api/v1/users/n1", null, Map.of("If-None-Match", etag)), etag);
    assertNotModified(send("GET", "/api/v1/users/n1", null, Map.of("If-None-Match", "W/" + etag)), etag);
    assertNotModified(send("GET", "/api/v1/users/n1", null, Map.of("If-None-Match", "\"1\", W/\"2\",  " + etag)), etag);
    assertNotModified(send("GET", "/api/v1/users/n1?fields=plan", null, Map.of("If-None-Match", etag)), etag);
    assertNotModified(send("HEAD", "/api/v1/users/n1", null, Map.of("If-None-Match", etag)), etag);
    // on the wire: a status line and headers, no framing of a body, nothing after them
    try (RawHttp raw = new RawHttp(app.app().httpPort())) {
      String answer = raw.send("GET /api/v1/users/n1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
          + "\r\nIf-None-Match: " + etag + "\r\nConnection: close\r\n\r\n").readUntilClosed();
      assertTrue(answer.startsWith("HTTP/1.1 304 "), answer);
      assertTrue(answer.endsWith("\r\n\r\n"), "no body: " + answer);
      String head = answer.toLowerCase(java.util.Locale.ROOT);
      assertFalse(head.contains("content-length") || head.contains("transfer-encoding")
          || head.contains("content-type"), answer);
    }
  }

  @Test
  void getWithAStaleEtagInIfNoneMatchReadsTheProfile() {
    String stale = app.put("/api/v1/users/n2", alice(), KEY).header("ETag");
    Reply patched = app.patch("/api/v1/users/n2", new JsonObject().put("plan", "team"), KEY);
    Reply r = send("GET", "/api/v1/users/n2", null, Map.of("If-None-Match", stale + ", \"1\""));
    assertEquals(200, r.status(), r.toString());
    assertEquals(patched.json(), r.json());
    assertEquals(patched.header("ETag"), r.header("ETag"));
  }

  @Test
  void getWithIfNoneMatchStarIsNotModifiedWhileTheProfileExists() {
    String etag = app.put("/api/v1/users/n3", alice(), KEY).header("ETag");
    assertNotModified(send("GET", "/api/v1/users/n3", null, Map.of("If-None-Match", "*")), etag);
    app.delete("/api/v1/users/n3", KEY);
    assertEquals(404, send("GET", "/api/v1/users/n3", null, Map.of("If-None-Match", "*")).status());
    assertEquals(404, send("GET", "/api/v1/users/n3", null, Map.of("If-None-Match", etag)).status());
  }

  @Test
  void malformedIfNoneMatchIsBadRequestAndWritesNothing() {
    for (String bad : List.of("abc", "\"1", "*, \"1\"", "W/1")) {
      Reply get = send("GET", "/api/v1/users/n4", null, Map.of("If-None-Match", bad));
      assertEquals(400, get.status(), bad + " -> " + get);
      assertEquals("If-None-Match", get.json().getJsonArray("errors").getJsonObject(0).getString("field"));
      Reply put = send("PUT", "/api/v1/users/n4", "{\"plan\":\"pro\"}", Map.of("If-None-Match", bad));
      assertEquals(400, put.status(), bad + " -> " + put);
    }
    assertEquals(0L, redis.client().number("EXISTS", hashKey("n4")), "nothing was written");
  }

  @Test
  void putWithIfNoneMatchStarCreatesOnlyAndNeverOverwrites() {
    Map<String, String> createOnly = Map.of("If-None-Match", "*");
    Reply first = send("PUT", "/api/v1/users/n5", alice().encode(), createOnly);
    assertEquals(200, first.status(), first.toString());
    assertEquals(alice(), first.json().getJsonObject("fields"));
    Reply second = send("PUT", "/api/v1/users/n5", "{\"plan\":\"free\"}", createOnly);
    assertEquals(412, second.status(), second.toString());
    assertEquals("application/problem+json", second.contentType());
    assertTrue(second.json().getString("type").endsWith("/precondition-failed"));
    assertTrue(second.json().getString("detail").contains("If-None-Match"), second.toString());
    Reply now = app.get("/api/v1/users/n5", KEY);
    assertEquals(first.json(), now.json(), "the first write is intact");
    assertEquals(first.header("ETag"), now.header("ETag"), "and its version did not move");
  }

  @Test
  void everyWriteHonoursIfNoneMatch() {
    String etag = app.put("/api/v1/users/n6", alice(), KEY).header("ETag");
    List<Map<String, String>> refusing = List.of(Map.of("If-None-Match", "*"),
        Map.of("If-None-Match", etag), Map.of("If-None-Match", "\"1\", W/" + etag));
    for (Map<String, String> condition : refusing) {
      List<Reply> rejected = List.of(
          send("PUT", "/api/v1/users/n6", "{\"plan\":\"free\"}", condition),
          send("PATCH", "/api/v1/users/n6", "{\"plan\":\"free\"}", condition),
          send("POST", "/api/v1/users/n6/incr", "{\"field\":\"login_count\"}", condition),
          send("DELETE", "/api/v1/users/n6", null, condition));
      for (Reply r : rejected) {
        assertEquals(412, r.status(), condition + " -> " + r);
      }
    }
    Reply unchanged = app.get("/api/v1/users/n6", KEY);
    assertEquals(alice(), unchanged.json().getJsonObject("fields"));
    assertEquals(etag, unchanged.header("ETag"));
    // a tag that is not the current one lets the write through
    Reply patched = send("PATCH", "/api/v1/users/n6", "{\"plan\":\"team\"}", Map.of("If-None-Match", "\"1\""));
    assertEquals(200, patched.status(), patched.toString());
    // If-Match is evaluated first (RFC 9110 13.2.2)
    Reply both = send("PATCH", "/api/v1/users/n6", "{\"plan\":\"x\"}",
        Map.of("If-Match", etag, "If-None-Match", "*"));
    assertEquals(412, both.status());
    assertTrue(both.json().getString("detail").startsWith("If-Match"), both.toString());
    // on a missing profile If-None-Match holds: the profile is created, or deleting it is a no-op
    Map<String, String> createOnly = Map.of("If-None-Match", "*");
    assertEquals(200, send("PATCH", "/api/v1/users/n7", "{\"plan\":\"pro\"}", createOnly).status());
    assertEquals(200, send("POST", "/api/v1/users/n8/incr", "{\"field\":\"n\"}", createOnly).status());
    assertEquals(204, send("DELETE", "/api/v1/users/n9", null, createOnly).status());
  }

  @Test
  void concurrentCreateOnlyPutsHaveExactlyOneWinner() throws Exception {
    assertOneWinnerOthers412(racingWrites("PUT", "/api/v1/users/n10", Map.of("If-None-Match", "*")),
        "/api/v1/users/n10", "exactly one create-only PUT wins");
  }

  /** 16 writes of different plans with the same precondition, released at once; their replies. */
  private List<Reply> racingWrites(String method, String path, Map<String, String> precondition) throws Exception {
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> pending = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String plan = "plan-" + i;
        pending.add(pool.submit(() -> {
          go.await();
          return send(method, path, new JsonObject().put("plan", plan).encode(), precondition);
        }));
      }
      go.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : pending) {
        replies.add(f.get());
      }
      return replies;
    } finally {
      pool.shutdown();
    }
  }

  /** Concurrent conditional writes: one 200, the rest 412, and the profile is the winner's. */
  private void assertOneWinnerOthers412(List<Reply> replies, String path, String what) {
    List<Reply> winners = new ArrayList<>();
    for (Reply r : replies) {
      if (r.status() == 200) {
        winners.add(r);
      } else {
        assertEquals(412, r.status(), r.toString());
      }
    }
    assertEquals(1, winners.size(), what);
    Reply now = app.get(path, KEY);
    assertEquals(winners.get(0).json(), now.json(), "the profile is the winner's");
    assertEquals(winners.get(0).header("ETag"), now.header("ETag"));
  }

  @Test
  void sessionUserReadsOnlyItsOwnProfileAndCannotWrite() {
    app.put("/api/v1/users/42", alice(), KEY);
    app.put("/api/v1/users/43", alice(), KEY);
    String token = app.post("/api/v1/sessions", new JsonObject().put("userId", "42"), KEY).json().getString("token");
    Reply own = app.get("/api/v1/users/42", token);
    assertEquals(200, own.status());
    assertEquals(alice(), own.json().getJsonObject("fields"));
    assertEquals(403, app.get("/api/v1/users/43", token).status());
    assertEquals(403, app.put("/api/v1/users/42", new JsonObject().put("plan", "free"), token).status());
    assertEquals(403, app.patch("/api/v1/users/42", new JsonObject().put("plan", "free"), token).status());
    assertEquals(403, app.post("/api/v1/users/42/incr", new JsonObject().put("field", "login_count"), token).status());
    assertEquals(403, app.delete("/api/v1/users/42", token).status());
    assertEquals(401, app.get("/api/v1/users/42", null).status());
    assertEquals(alice(), app.get("/api/v1/users/42", KEY).json().getJsonObject("fields"), "nothing changed");
  }

  @Test
  void rejectsBadInputWithoutWriting() {
    String longValue = "x".repeat(MAX_VALUE_LENGTH + 1);
    String[][] cases = {
        {"PUT", "/api/v1/users/bad", "{\"nested\": {\"a\": 1}}"},
        {"PUT", "/api/v1/users/bad", "{\"list\": [1, 2]}"},
        {"PUT", "/api/v1/users/bad", "{\"flag\": true}"},
        {"PUT", "/api/v1/users/bad", "{\"gone\": null}"},
        {"PUT", "/api/v1/users/bad", "{\"huge\": 1e400}"},
        {"PUT", "/api/v1/users/bad", "{\"bad name\": \"x\"}"},
        {"PUT", "/api/v1/users/bad", "{\"#v\": \"1\"}"},
        {"PUT", "/api/v1/users/bad", "{\"\": \"x\"}"},
        {"PUT", "/api/v1/users/bad", "{\"" + "f".repeat(129) + "\": \"x\"}"},
        {"PUT", "/api/v1/users/bad", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}"},
        {"PUT", "/api/v1/users/bad", "{\"long\": \"" + longValue + "\"}"},
        {"PUT", "/api/v1/users/bad", "[1]"},
        {"PUT", "/api/v1/users/bad", "\"text\""},
        {"PUT", "/api/v1/users/bad", "{not json"},
        {"PUT", "/api/v1/users/bad%20id", "{\"plan\": \"pro\"}"},
        {"PUT", "/api/v1/users/" + "i".repeat(129), "{\"plan\": \"pro\"}"},
        {"PATCH", "/api/v1/users/bad", "{\"ok\": \"x\", \"nested\": {}}"},
        {"PATCH", "/api/v1/users/bad", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}"},
        {"PATCH", "/api/v1/users/bad%7Bid%7D", "{\"plan\": \"pro\"}"},
        {"POST", "/api/v1/users/bad/incr", "{}"},
        {"POST", "/api/v1/users/bad/incr", "{\"field\": \"bad name\"}"},
        {"POST", "/api/v1/users/bad/incr", "{\"field\": \"n\", \"by\": 1.5}"},
        {"POST", "/api/v1/users/bad/incr", "{\"field\": \"n\", \"by\": \"1\"}"},
        {"POST", "/api/v1/users/bad/incr", "{\"field\": \"n\", \"by\": 99999999999999999999}"},
        {"POST", "/api/v1/users/bad/incr", "{\"field\": \"n\", \"extra\": 1}"},
        {"DELETE", "/api/v1/users/bad%20id", null},
        {"GET", "/api/v1/users/bad%20id", null},
        {"GET", "/api/v1/users/bad?fields=plan,bad%20name", null},
        {"GET", "/api/v1/users/bad?fields=", null},
        {"GET", "/api/v1/users/bad?fields=plan,,name", null},
    };
    for (String[] c : cases) {
      Reply r = send(c[0], c[1], c[2], Map.of());
      assertEquals(400, r.status(), String.join(" ", c) + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
      assertTrue(r.json().containsKey("detail"));
    }
    Reply malformedIfMatch = send("PATCH", "/api/v1/users/bad", "{\"plan\": \"pro\"}", Map.of("If-Match", "abc"));
    assertEquals(400, malformedIfMatch.status(), malformedIfMatch.toString());
    Reply oneBadAmongGood = send("PUT", "/api/v1/users/bad", "{\"plan\": \"pro\", \"flag\": false}", Map.of());
    JsonArray errors = oneBadAmongGood.json().getJsonArray("errors");
    assertEquals("flag", errors.getJsonObject(0).getString("field"), "the error names the bad field");
    assertEquals(0L, redis.client().number("EXISTS", hashKey("bad")), "nothing was written");
  }

  @Test
  void badInputOnAnExistingProfileLeavesItAsItWas() {
    Reply put = app.put("/api/v1/users/u13", alice(), KEY);
    for (String body : List.of("{\"plan\": \"team\", \"flag\": true}", "{\"plan\": {\"a\": 1}}")) {
      assertEquals(400, send("PUT", "/api/v1/users/u13", body, Map.of()).status());
      assertEquals(400, send("PATCH", "/api/v1/users/u13", body, Map.of()).status());
    }
    Reply get = app.get("/api/v1/users/u13", KEY);
    assertEquals(alice(), get.json().getJsonObject("fields"));
    assertEquals(put.header("ETag"), get.header("ETag"));
  }

  @Test
  void fieldBoundHoldsAfterAMergeAndNothingIsWritten() {
    JsonObject full = new JsonObject().put("a", 1).put("b", 2).put("c", 3).put("d", 4);
    Reply put = app.put("/api/v1/users/u14", full, KEY);
    Reply over = app.patch("/api/v1/users/u14", new JsonObject().put("a", 10).put("e", 5).put("f", 6), KEY);
    assertEquals(409, over.status(), over.toString());
    Reply overByIncr = app.post("/api/v1/users/u14/incr", new JsonObject().put("field", "e"), KEY);
    assertEquals(200, overByIncr.status(), "the fifth field fits");
    Reply sixth = app.post("/api/v1/users/u14/incr", new JsonObject().put("field", "f"), KEY);
    assertEquals(409, sixth.status(), sixth.toString());
    Reply get = app.get("/api/v1/users/u14", KEY);
    assertEquals(full.copy().put("e", 1), get.json().getJsonObject("fields"));
    assertEquals(overByIncr.header("ETag"), get.header("ETag"));
    assertNotEquals(put.header("ETag"), get.header("ETag"));
    // replacing fields that exist is no growth, and a PUT may shrink a full profile
    assertEquals(200, app.patch("/api/v1/users/u14", new JsonObject().put("a", "x").put("e", "y"), KEY).status());
    assertEquals(200, app.put("/api/v1/users/u14", new JsonObject().put("a", 1), KEY).status());
  }

  @Test
  void reservedFieldsNeverReachClients() {
    app.put("/api/v1/users/u15", new JsonObject().put("code", "42"), KEY);
    JsonObject fields = app.get("/api/v1/users/u15", KEY).json().getJsonObject("fields");
    assertEquals(Set.of("code"), fields.fieldNames());
    assertFalse(app.get("/api/v1/users/u15?fields=code", KEY).json().getJsonObject("fields").containsKey("#v"));
    // the hash does hold them, invisible to clients
    assertNotNull(redis.client().call("HGET", hashKey("u15"), "#v"));
    assertEquals("1", redis.client().call("HGET", hashKey("u15"), "#s:code"));
    assertNull(redis.client().call("HGET", hashKey("u15"), "#s:other"));
  }
}
