package io.redwire.profile;

import io.redwire.domain.Conflict;
import io.redwire.domain.PreconditionFailed;
import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User profiles: one durable hash per user, written only by Lua scripts that check If-Match,
 * If-None-Match and the field bound and bump the version in the same step as the write.
 *
 * <p>Besides the client's fields the hash holds reserved fields whose names start with '#', which the
 * name rule keeps clients from using: {@code #v}, the version behind the ETag, and {@code #s:<field>},
 * the marker of a string that reads like a number (see {@link FieldValues}).
 */
public final class ProfileService {

  /** Public for other writers of the profile hash (order effects): bump it with HINCRBY so ETags move. */
  public static final String VERSION_FIELD = ProfileFields.VERSION_FIELD;
  static final String STRING_MARKER_PREFIX = ProfileFields.STRING_MARKER;
  /** The version of a profile someone else created without one (HINCRBY from another capability). */
  static final String UNVERSIONED = "0";

  /** A profile as read or written. {@code fields} maps names to String, Long, BigInteger or Double. */
  public record Profile(String id, String version, Map<String, Object> fields) {}

  /** The result of an increment. */
  public record Increment(String field, long value, String version) {}

  private final SharedRedis redis;
  private final ProfileKeys keys;
  private final int maxFields;
  private final LuaScript put;
  private final LuaScript patch;
  private final LuaScript incr;
  private final LuaScript delete;
  private final LuaScript read;

  public ProfileService(SharedRedis durable, KeySpace keySpace, LuaScripts scripts, int maxFields) {
    this.redis = durable;
    this.keys = new ProfileKeys(keySpace);
    this.maxFields = maxFields;
    this.put = scripts.get("profile/put");
    this.patch = scripts.get("profile/patch");
    this.incr = scripts.get("profile/incr");
    this.delete = scripts.get("profile/delete");
    this.read = scripts.get("profile/read");
  }

  /**
   * Replaces every field. {@code fields} holds validated values (strings and finite numbers).
   * Fails with 412 when a precondition does not hold.
   */
  public Future<Profile> put(String id, Map<String, Object> fields, Preconditions conditions) {
    List<String> args = new ArrayList<>(2 + fields.size() * 3);
    addConditions(args, conditions);
    addFields(args, fields);
    return redis.eval(put, List.of(keys.profile(id)), args).map(r -> written(id, r));
  }

  /**
   * Sets the given fields and leaves the others; creates the profile when missing. Fails with 412
   * when a precondition does not hold and 409 when the merge would exceed the field bound.
   */
  public Future<Profile> patch(String id, Map<String, Object> fields, Preconditions conditions) {
    List<String> args = new ArrayList<>(3 + fields.size() * 3);
    addConditions(args, conditions);
    args.add(String.valueOf(maxFields));
    addFields(args, fields);
    return redis.eval(patch, List.of(keys.profile(id)), args).map(r -> written(id, r));
  }

  /**
   * Adds {@code by} to an integer field (missing fields and profiles start at 0). Fails with 409
   * when the field holds a string or a non-integer number, or the sum overflows; 412 as above.
   */
  public Future<Increment> incr(String id, String field, long by, Preconditions conditions) {
    List<String> args = new ArrayList<>(5);
    addConditions(args, conditions);
    args.addAll(List.of(String.valueOf(maxFields), field, String.valueOf(by)));
    return redis.eval(incr, List.of(keys.profile(id)), args).map(r -> {
      switch (status(r)) {
        case "ok":
          return new Increment(field, Long.parseLong(r.get(1).toString()), r.get(2).toString());
        case "conflict":
          throw new Conflict("Cannot increment " + field + ": " + conflictReason(r.get(1).toString()));
        default:
          throw failure(r);
      }
    });
  }

  /** Deletes a profile; true when there was one. Fails with 412 when a precondition does not hold. */
  public Future<Boolean> delete(String id, Preconditions conditions) {
    List<String> args = new ArrayList<>(2);
    addConditions(args, conditions);
    return redis.eval(delete, List.of(keys.profile(id)), args).map(r -> {
      if (!"ok".equals(status(r))) {
        throw failure(r);
      }
      return r.get(1).toLong() == 1;
    });
  }

  /** The whole profile, or null when there is none. */
  public Future<Profile> get(String id) {
    return redis.eval(read, List.of(keys.profile(id)), List.of())
        .map(r -> r == null ? null : fromHash(id, r));
  }

  /** Only the named fields (absent ones are left out), or null when there is no profile. */
  public Future<Profile> get(String id, List<String> names) {
    if (names.isEmpty()) {
      return get(id);
    }
    return redis.eval(read, List.of(keys.profile(id)), names).map(r -> {
      if (r == null) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        Response value = r.get(1 + 2 * i);
        if (value != null) {
          fields.put(names.get(i), FieldValues.decode(value.toString(), r.get(2 + 2 * i) != null));
        }
      }
      Response version = r.get(0);
      return new Profile(id, version == null ? UNVERSIONED : version.toString(), fields);
    });
  }

  /** ARGV[1] and ARGV[2] of every write script. */
  private static void addConditions(List<String> args, Preconditions conditions) {
    args.add(conditions.ifMatch().script());
    args.add(conditions.ifNoneMatch().script());
  }

  private static void addFields(List<String> args, Map<String, Object> fields) {
    fields.forEach((name, value) -> {
      FieldValues.Stored stored = FieldValues.encode(value);
      if (stored == null) {
        throw new IllegalArgumentException("unvalidated value for " + name);
      }
      args.add(name);
      args.add(stored.text());
      args.add(stored.stringMarker() ? "1" : "0");
    });
  }

  private Profile written(String id, Response r) {
    if (!"ok".equals(status(r))) {
      throw failure(r);
    }
    return fromHash(id, r.get(1));
  }

  /** Turns an HGETALL list (reserved fields included) into a profile. */
  static Profile fromHash(String id, Response flat) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      raw.put(flat.get(i).toString(), flat.get(i + 1).toString());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    raw.forEach((name, text) -> {
      if (!name.startsWith("#")) {
        fields.put(name, FieldValues.decode(text, raw.containsKey(STRING_MARKER_PREFIX + name)));
      }
    });
    return new Profile(id, raw.getOrDefault(VERSION_FIELD, UNVERSIONED), fields);
  }

  private static String status(Response r) {
    return r.get(0).toString();
  }

  private RuntimeException failure(Response r) {
    return switch (status(r)) {
      case "precondition" -> preconditionFailed(r.get(1).toString());
      case "too-many" -> new Conflict("The profile would have " + r.get(1).toString()
          + " fields, more than the " + maxFields + " allowed; nothing was written");
      default -> new IllegalStateException("unexpected script reply " + r);
    };
  }

  /** @param header the header whose condition is false, as the script names it */
  static PreconditionFailed preconditionFailed(String header) {
    return new PreconditionFailed(header.equals("If-None-Match")
        ? "If-None-Match lists the profile's current ETag (or is * and the profile exists); nothing was written"
        : "If-Match does not match the profile's current ETag (or the profile does not exist); nothing was written");
  }

  private static String conflictReason(String redisError) {
    if (redisError.contains("overflow")) {
      return "the result would overflow a signed 64-bit integer";
    }
    if (redisError.contains("not an integer")) {
      return "it holds a number that is not a 64-bit integer";
    }
    return redisError;
  }
}
