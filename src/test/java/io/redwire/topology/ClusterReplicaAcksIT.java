package io.redwire.topology;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redwire.support.RedisSource;
import io.redwire.support.RedwireTest;
import io.redwire.support.Reply;
import io.redwire.support.RespClient;
import io.redwire.support.TestApp;
import io.redwire.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * REDWIRE_REDIS_MIN_REPLICAS_ACK=1 on a cluster of three masters with a replica each: a durable write is
 * confirmed by a WAIT on the connection to the master that took it, so a 2xx means that master's replica
 * has it; when one master's replica does not answer, writes to that master's slots are 503
 * not-replicated while the other masters' slots carry on.
 */
@RedwireTest(redis = RedisSource.CLUSTER_WITH_REPLICAS, env = {
    "REDWIRE_REDIS_MIN_REPLICAS_ACK=1",
    "REDWIRE_REDIS_REPLICA_ACK_TIMEOUT_MS=" + ClusterReplicaAcksIT.ACK_TIMEOUT_MS})
class ClusterReplicaAcksIT {

  static final long ACK_TIMEOUT_MS = 300;
  static final String KEY = TestApp.SERVICE_KEY;

  @Test
  void aWriteAnsweredWithSuccessIsOnTheReplicaOfItsMaster(TestRedis cluster, TestApp app) {
    Map<TestRedis, String> userOnMaster = usersOnEachMaster(cluster, app, "ok");
    userOnMaster.forEach((master, user) -> {
      Reply put = app.put("/api/v1/users/" + user, new JsonObject().put("name", "on " + master.port()), KEY);
      assertEquals(200, put.status(), put.body());
      // WAIT returned 1 on that master: its replica has applied it already
      assertEquals("on " + master.port(), readOnReplica(cluster.replicaOf(master), app.prefix() + "user:{" + user + "}"));
    });
  }

  @Test
  void aMasterWhoseReplicaIsSilentAnswers503WhileTheOthersCarryOn(TestRedis cluster, TestApp app) throws Exception {
    Map<TestRedis, String> userOnMaster = usersOnEachMaster(cluster, app, "silent");
    TestRedis stalled = cluster.nodes().get(0);
    TestRedis replica = cluster.replicaOf(stalled);
    replica.pause();
    try {
      Reply refused = app.put("/api/v1/users/" + userOnMaster.get(stalled), new JsonObject().put("name", "x"), KEY);
      assertEquals(503, refused.status(), refused.body());
      assertEquals("https://redwire.dev/problems/not-replicated", refused.json().getString("type"));
      assertTrue(refused.json().getString("detail").contains("0 of the 1 required replica(s)"), refused.body());
      for (TestRedis other : ClusterSlots.others(cluster, stalled)) {
        Reply put = app.put("/api/v1/users/" + userOnMaster.get(other), new JsonObject().put("name", "y"), KEY);
        assertEquals(200, put.status(), "a master whose replica answers: " + put.body());
      }
      Reply read = app.get("/api/v1/users/" + userOnMaster.get(stalled), KEY);
      assertEquals(200, read.status(), "reads do not wait for replicas");
      assertEquals("x", read.json().getJsonObject("fields").getString("name"), "the master applied it (the 503 says so)");
    } finally {
      replica.resume();
    }
    await("writes are confirmed again once the replica is back").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> app.put("/api/v1/users/" + userOnMaster.get(stalled), new JsonObject().put("name", "z"), KEY)
            .status() == 200);
  }

  /** A user id per master: the profile key user:{id} falls in one of that master's slots. */
  private static Map<TestRedis, String> usersOnEachMaster(TestRedis cluster, TestApp app, String prefix) {
    Map<TestRedis, String> users = new HashMap<>();
    for (int i = 0; users.size() < cluster.nodes().size(); i++) {
      String user = prefix + "-" + i;
      users.putIfAbsent(ClusterSlots.ownerOf(cluster, app.prefix() + "user:{" + user + "}"), user);
    }
    return users;
  }

  /** A cluster replica answers reads only after READONLY on the same connection (else MOVED to its master). */
  private static Object readOnReplica(TestRedis replica, String key) {
    try (RespClient c = replica.client()) {
      c.call("READONLY");
      return c.call("HGET", key, "name");
    }
  }
}
