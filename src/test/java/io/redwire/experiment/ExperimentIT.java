package io.redwire.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.BeforeEachTopology;
import io.redwire.support.OnEveryTopology;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@RedwireTest
@OnEveryTopology
class ExperimentIT {

  static final String KEY = TestApp.SERVICE_KEY;
  static TestRedis redis;
  static TestApp app;

  @BeforeEachTopology
  static void start(TestRedis r, TestApp a) {
    redis = r;
    app = a;
  }

  static Reply define(String name, JsonObject arms) {
    return app.put("/api/v1/experiments/" + name, new JsonObject().put("arms", arms), KEY);
  }

  static String assign(String name, String userId) {
    Reply r = app.post("/api/v1/experiments/" + name + "/assignments/" + userId, null, KEY);
    assertEquals(200, r.status(), r.toString());
    assertEquals(name, r.json().getString("experiment"));
    assertEquals(userId, r.json().getString("userId"));
    return r.json().getString("arm");
  }

  /** Assigns users u0..u(n-1) with 8 client threads; returns userId -> arm. */
  static Map<String, String> assignAll(String name, int from, int to) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Map<String, Future<String>> pending = new HashMap<>();
    for (int i = from; i < to; i++) {
      String user = "u" + i;
      pending.put(user, pool.submit(() -> assign(name, user)));
    }
    Map<String, String> arms = new HashMap<>();
    for (Map.Entry<String, Future<String>> e : pending.entrySet()) {
      arms.put(e.getKey(), e.getValue().get());
    }
    pool.shutdown();
    return arms;
  }

  static long count(Map<String, String> assignments, String arm) {
    return assignments.values().stream().filter(arm::equals).count();
  }

  @Test
  void putStoresArmsAndGetReportsWeightsAndMembers() {
    Reply put = define("checkout", new JsonObject().put("control", 50).put("treatment", 50));
    assertEquals(200, put.status(), put.toString());
    JsonObject expected = new JsonObject().put("name", "checkout").put("arms", new JsonObject()
        .put("control", new JsonObject().put("weight", 50).put("members", 0))
        .put("treatment", new JsonObject().put("weight", 50).put("members", 0)));
    assertEquals(expected, put.json());
    assertEquals(expected, app.get("/api/v1/experiments/checkout", KEY).json());
    String arm = assign("checkout", "user:1");
    JsonObject arms = app.get("/api/v1/experiments/checkout", KEY).json().getJsonObject("arms");
    assertEquals(1L, arms.getJsonObject(arm).getLong("members"));
    assertEquals(1L, arms.getJsonObject("control").getLong("members") + arms.getJsonObject("treatment").getLong("members"));
    // durable data: no TTL on experiment keys
    assertEquals(-1L, redis.client().number("PTTL", app.prefix() + "experiment:{checkout}:arms"));
    assertEquals(-1L, redis.client().number("PTTL", app.prefix() + "experiment:{checkout}:assignments"));
  }

  @Test
  void assignmentIsStickyAndConcurrentCallsForOneUserAgree() throws Exception {
    define("race", new JsonObject().put("a", 1).put("b", 1).put("c", 1));
    int parallel = 12;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      answers.add(pool.submit(() -> {
        go.await();
        return assign("race", "racer");
      }));
    }
    go.countDown();
    Set<String> arms = new HashSet<>();
    for (Future<String> a : answers) {
      arms.add(a.get());
    }
    pool.shutdown();
    assertEquals(1, arms.size(), "every call got the same arm: " + arms);
    String arm = arms.iterator().next();
    assertEquals(arm, assign("race", "racer"), "and it stays");
    assertEquals(1L, redis.client().number("HLEN", app.prefix() + "experiment:{race}:assignments"));
    JsonObject reported = app.get("/api/v1/experiments/race", KEY).json().getJsonObject("arms");
    long memberships = 0;
    for (String name : List.of("a", "b", "c")) {
      memberships += reported.getJsonObject(name).getLong("members");
    }
    assertEquals(1L, memberships, "one membership in total");
    assertEquals(1L, reported.getJsonObject(arm).getLong("members"));
  }

  @Test
  void assignmentsFollowTheWeightsDeterministically() throws Exception {
    define("split", new JsonObject().put("control", 70).put("treatment", 30));
    Map<String, String> assigned = assignAll("split", 0, 2000);
    double control = count(assigned, "control") / 2000.0;
    assertTrue(control > 0.66 && control < 0.74, "control share " + control);
    JsonObject arms = app.get("/api/v1/experiments/split", KEY).json().getJsonObject("arms");
    assertEquals(count(assigned, "control"), arms.getJsonObject("control").getLong("members"));
    assertEquals(count(assigned, "treatment"), arms.getJsonObject("treatment").getLong("members"));
    // the arm is a function of (experiment, user, weights): the same split elsewhere agrees user by user
    for (int i = 0; i < 50; i++) {
      String user = "u" + i;
      long bucket = Buckets.hash("split", user) % 100;
      assertEquals(bucket < 70 ? "control" : "treatment", assigned.get(user), user);
    }
  }

  @Test
  void changingWeightsDoesNotMoveAssignedUsers() throws Exception {
    define("rollout", new JsonObject().put("control", 50).put("treatment", 50));
    Map<String, String> before = assignAll("rollout", 0, 300);
    long controlBefore = count(before, "control");
    assertTrue(controlBefore > 100 && controlBefore < 200, "roughly half: " + controlBefore);

    Reply changed = define("rollout", new JsonObject().put("control", 1).put("treatment", 99));
    assertEquals(200, changed.status());
    assertEquals(controlBefore, changed.json().getJsonObject("arms").getJsonObject("control").getLong("members"));
    assertEquals(1L, changed.json().getJsonObject("arms").getJsonObject("control").getLong("weight"));

    assertEquals(before, assignAll("rollout", 0, 300), "every earlier user keeps the arm");
    Map<String, String> newcomers = assignAll("rollout", 300, 500);
    assertTrue(count(newcomers, "treatment") >= 190, "new users follow the new weights: " + count(newcomers, "treatment"));
    JsonObject arms = app.get("/api/v1/experiments/rollout", KEY).json().getJsonObject("arms");
    assertEquals(controlBefore + count(newcomers, "control"), arms.getJsonObject("control").getLong("members"));
  }

  @Test
  void sampleListsRandomMembersOfEachArm() throws Exception {
    define("sampled", new JsonObject().put("left", 1).put("right", 1));
    Map<String, String> assigned = assignAll("sampled", 0, 40);
    JsonObject arms = app.get("/api/v1/experiments/sampled?sample=5", KEY).json().getJsonObject("arms");
    for (String arm : List.of("left", "right")) {
      List<Object> sample = arms.getJsonObject(arm).getJsonArray("sample").getList();
      assertEquals(Math.min(5, count(assigned, arm)), sample.size(), arm);
      assertEquals(sample.size(), new HashSet<>(sample).size(), "distinct members");
      for (Object user : sample) {
        assertEquals(arm, assigned.get(user.toString()), user + " is a member of " + arm);
      }
    }
    assertTrue(!app.get("/api/v1/experiments/sampled", KEY).json().getJsonObject("arms")
        .getJsonObject("left").containsKey("sample"), "no sample unless asked");
    assertEquals(400, app.get("/api/v1/experiments/sampled?sample=101", KEY).status());
    assertEquals(400, app.get("/api/v1/experiments/sampled?sample=-1", KEY).status());
    assertEquals(400, app.get("/api/v1/experiments/sampled?sample=many", KEY).status());
  }

  @Test
  void missingExperimentIsNotFoundAndNothingIsWritten() {
    Reply r = app.post("/api/v1/experiments/nope/assignments/user:1", null, KEY);
    assertEquals(404, r.status(), r.toString());
    assertEquals("application/problem+json", r.contentType());
    assertEquals(404, app.get("/api/v1/experiments/nope", KEY).status());
    assertEquals(List.of(), redis.client().scan(app.prefix() + "experiment:{nope}*"));
  }

  @Test
  void rejectsBadDefinitionsWithoutWriting() {
    StringBuilder many = new StringBuilder("{\"arms\": {");
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("\"arm").append(i).append("\": 1");
    }
    many.append("}}");
    String[] bodies = {
        "{}",
        "{\"arms\": {\"control\": 0, \"treatment\": 50}}",
        "{\"arms\": {\"control\": -5, \"treatment\": 50}}",
        "{\"arms\": {\"control\": 1.5, \"treatment\": 50}}",
        "{\"arms\": {\"control\": \"50\", \"treatment\": 50}}",
        "{\"arms\": {\"control\": null, \"treatment\": 50}}",
        "{\"arms\": {\"control\": 1000001, \"treatment\": 50}}",
        "{\"arms\": {\"control\": 100}}",
        "{\"arms\": {}}",
        "{\"arms\": [\"control\", \"treatment\"]}",
        "{\"arms\": {\"bad arm\": 50, \"treatment\": 50}}",
        "{\"arms\": {\"control\": 50, \"treatment\": 50}, \"owner\": \"me\"}",
        many.toString(),
    };
    for (String body : bodies) {
      Reply r = app.send("PUT", "/api/v1/experiments/invalid", body, KEY, Map.of());
      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("application/problem+json", r.contentType());
    }
    Reply badName = app.send("PUT", "/api/v1/experiments/bad%20name",
        "{\"arms\": {\"control\": 50, \"treatment\": 50}}", KEY, Map.of());
    assertEquals(400, badName.status());
    assertEquals(List.of(), redis.client().scan(app.prefix() + "experiment:{invalid}*"));
    assertEquals(List.of(), redis.client().scan(app.prefix() + "experiment:{bad*"));

    define("valid", new JsonObject().put("control", 50).put("treatment", 50));
    assertEquals(400, app.post("/api/v1/experiments/valid/assignments/bad%20user", null, KEY).status());
    assertEquals(400, app.post("/api/v1/experiments/bad%20name/assignments/user:1", null, KEY).status());
    assertEquals(0L, redis.client().number("HLEN", app.prefix() + "experiment:{valid}:assignments"));
    assertEquals(200, app.send("PUT", "/api/v1/experiments/valid", "{\"arms\": {\"a\": 1, \"b\": 2}}", KEY, Map.of())
        .status(), "32 or fewer arms with whole positive weights are fine");
  }
}
