package io.redwire.experiment;

import io.redwire.redis.KeySpace;
import io.redwire.redis.LuaScript;
import io.redwire.redis.LuaScripts;
import io.redwire.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A/B experiments: weighted arms and sticky, concurrency-safe assignment of users to arms. */
public final class ExperimentService {

  /** One arm: its weight, how many users it holds, and a random sample of them (empty unless asked). */
  public record Arm(String name, long weight, long members, List<String> sample) {}

  /** An experiment's arms in name order. */
  public record Experiment(String name, List<Arm> arms) {}

  private final SharedRedis redis;
  private final ExperimentKeys keys;
  private final LuaScript define;
  private final LuaScript assign;
  private final LuaScript describe;

  public ExperimentService(SharedRedis redis, KeySpace keySpace, LuaScripts scripts) {
    this.redis = redis;
    this.keys = new ExperimentKeys(keySpace);
    this.define = scripts.get("experiment/define");
    this.assign = scripts.get("experiment/assign");
    this.describe = scripts.get("experiment/describe");
  }

  /** Creates the experiment or replaces its arms (users keep the arm they already have). */
  public Future<Experiment> define(String name, Map<String, Long> arms) {
    List<String> args = new ArrayList<>(arms.size() * 2);
    arms.forEach((arm, weight) -> {
      args.add(arm);
      args.add(String.valueOf(weight));
    });
    return redis.eval(define, List.of(keys.arms(name)), args).compose(created -> describe(name, 0));
  }

  /** The user's arm, assigned now if needed; null when the experiment does not exist. */
  public Future<String> assign(String name, String userId) {
    return redis.eval(assign,
            List.of(keys.arms(name), keys.assignments(name), keys.armPrefix(name)),
            List.of(userId, String.valueOf(Buckets.hash(name, userId))))
        .map(r -> r == null ? null : r.get(0).toString());
  }

  /** The experiment with member counts and up to {@code sample} random members per arm; null when absent. */
  public Future<Experiment> describe(String name, int sample) {
    return redis.eval(describe, List.of(keys.arms(name), keys.armPrefix(name)), List.of(String.valueOf(sample)))
        .map(r -> r == null ? null : toExperiment(name, r));
  }

  private static Experiment toExperiment(String name, Response r) {
    List<Arm> arms = new ArrayList<>();
    for (int i = 0; i + 3 < r.size(); i += 4) {
      List<String> sample = new ArrayList<>();
      Response members = r.get(i + 3);
      if (members != null) {
        members.forEach(m -> sample.add(m.toString()));
      }
      arms.add(new Arm(r.get(i).toString(), r.get(i + 1).toLong(), r.get(i + 2).toLong(), sample));
    }
    return new Experiment(name, arms);
  }
}
