package io.redwire.session;

import io.redwire.auth.SessionTokenFormat;
import io.redwire.auth.SessionTokens;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Sessions as strings with a TTL; reads can slide the expiry back to the original length. */
public final class SessionService implements SessionTokens {

  /** A live session. */
  public record Session(String token, String userId, JsonObject data, long ttlSeconds, long remainingMs) {}

  private final SharedRedis redis;
  private final SessionKeys keys;
  private final LuaScript read;
  private final Clock clock;

  public SessionService(SharedRedis redis, KeySpace keySpace, LuaScripts scripts, Clock clock) {
    this.redis = redis;
    this.keys = new SessionKeys(keySpace);
    this.read = scripts.get("session/read");
    this.clock = clock;
  }

  public Future<Session> create(String userId, long ttlSeconds, JsonObject data) {
    String token = SessionTokenFormat.newToken();
    JsonObject value = new JsonObject()
        .put("userId", userId)
        .put("data", data == null ? new JsonObject() : data)
        .put("ttlSeconds", ttlSeconds)
        .put("createdAt", Instant.now(clock).toString());
    return redis.send(Command.SET, keys.session(token), value.encode(), "EX", ttlSeconds)
        .map(ok -> new Session(token, userId, value.getJsonObject("data"), ttlSeconds, ttlSeconds * 1000));
  }

  /** The session, or null when unknown or expired; {@code touch} resets its TTL first. */
  public Future<Session> find(String token, boolean touch) {
    return redis.eval(read, List.of(keys.session(token)), List.of(touch ? "1" : "0"))
        .map(r -> r == null ? null : toSession(token, r.get(0).toString(), r.get(1).toLong()));
  }

  @Override
  public Future<String> userIdOf(String token) {
    return redis.send(Command.GET, keys.session(token))
        .map(r -> r == null ? null : new JsonObject(r.toString()).getString("userId"));
  }

  public Future<Void> delete(String token) {
    return redis.send(Command.UNLINK, keys.session(token)).mapEmpty();
  }

  public Instant expiresAt(Session s) {
    return Instant.now(clock).plusMillis(s.remainingMs());
  }

  private static Session toSession(String token, String json, long remainingMs) {
    JsonObject value = new JsonObject(json);
    return new Session(token, value.getString("userId"), value.getJsonObject("data", new JsonObject()),
        value.getLong("ttlSeconds", 0L), Math.max(remainingMs, 0));
  }
}
