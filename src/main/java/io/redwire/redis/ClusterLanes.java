package io.redwire.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One event loop's lanes to a cluster's masters, one per master (a {@link PipelinedLane}, or for writes
 * that wait for replicas an {@link AckedLane}). A
 * command goes to the master of its first key's slot (keyless ones to any master that is up), MOVED
 * and ASK replies are followed, and a stale map is refreshed. Each lane fails and reconnects on its
 * own, so a stopped master makes only its own slots unavailable.
 *
 * <p>Only touched from its own event-loop thread; replies arrive there too.
 */
final class ClusterLanes implements RedisLane {

  /** Redirects followed for one command; a slot that keeps moving is a resharding storm, not a route. */
  private static final int MAX_REDIRECTS = 5;

  private final String name;
  private final ClusterRouting routing;
  private final Function<String, RedisLane> newLane;
  private final Map<String, RedisLane> lanes = new HashMap<>();
  private SlotMap lanesOf = SlotMap.EMPTY;
  private int rotation;

  /** @param newLane makes the lane to one master (host:port) */
  ClusterLanes(String name, ClusterRouting routing, Function<String, RedisLane> newLane) {
    this.name = name;
    this.routing = routing;
    this.newLane = newLane;
  }

  @Override
  public Future<Response> send(Request request) {
    return send(request, MAX_REDIRECTS);
  }

  /** The commands pipelined to their masters; the replies in request order (fails with the first failure). */
  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    List<Future<Response>> replies = new ArrayList<>(requests.size());
    for (Request r : requests) {
      replies.add(send(r));
    }
    return Future.all(replies).map(all -> all.<Response>list());
  }

  /** The command on every master (SCRIPT LOAD), replies in master order. */
  Future<List<Response>> onEveryMaster(Request request) {
    return withMap(map -> {
      List<Future<Response>> replies = new ArrayList<>();
      for (String master : map.masters()) {
        replies.add(sendTo(master, request, 0));
      }
      return Future.all(replies).map(all -> all.<Response>list());
    });
  }

  private Future<Response> send(Request request, int redirectsLeft) {
    return withMap(map -> {
      List<byte[]> keys = RequestKeys.keyArguments(request);
      if (keys.isEmpty()) {
        return sendKeyless(map, request, map.masters().size());
      }
      int slot = SlotMap.slotOf(keys.get(0));
      String master = map.masterOf(slot);
      if (master == null) {
        routing.refreshSoon();
        return Future.failedFuture(new RedisUnavailableException(
            "Redis (" + name + ") cluster: no master serves slot " + slot));
      }
      return sendTo(master, request, redirectsLeft);
    });
  }

  /** A keyless command (PING, CLUSTER INFO, TIME) on a master that is up, trying the next when one does not answer. */
  private Future<Response> sendKeyless(SlotMap map, Request request, int attemptsLeft) {
    String node = anyMasterUp(map);
    return lane(node).send(request).recover(err -> {
      if (RedisError.isErrorReply(err) || attemptsLeft <= 1) {
        return Future.failedFuture(err);
      }
      routing.refreshSoon();
      return sendKeyless(map, request, attemptsLeft - 1);
    });
  }

  private Future<Response> sendTo(String node, Request request, int redirectsLeft) {
    return lane(node).send(request).recover(err -> redirected(node, err, request, redirectsLeft));
  }

  /** Follows MOVED (the slot has a new owner: refresh the map) and ASK (one command, mid-migration). */
  private Future<Response> redirected(String node, Throwable err, Request request, int redirectsLeft) {
    if (!RedisError.isErrorReply(err)) {
      // the node does not answer: if it failed over, the refreshed map names its successor
      routing.refreshSoon();
      return Future.failedFuture(err);
    }
    String message = String.valueOf(err.getMessage());
    boolean moved = message.startsWith("MOVED ");
    boolean ask = message.startsWith("ASK ");
    if (!(moved || ask) || redirectsLeft <= 0) {
      return Future.failedFuture(err);
    }
    String target = message.substring(message.lastIndexOf(' ') + 1);
    if (target.startsWith(":")) {
      // no endpoint announced: same host as the node that redirected
      target = node.substring(0, node.lastIndexOf(':')) + target;
    }
    if (moved) {
      routing.refreshSoon();
      return sendTo(target, request, redirectsLeft - 1);
    }
    return lane(target).batch(List.of(Request.cmd(Command.ASKING), request)).map(replies -> replies.get(1));
  }

  /** Runs with the slot map, loading it first (back on this event loop) when there is none yet. */
  private <T> Future<T> withMap(java.util.function.Function<SlotMap, Future<T>> use) {
    SlotMap map = routing.current();
    if (!map.isEmpty()) {
      return use.apply(map);
    }
    Context here = Vertx.currentContext();
    return CallerContext.handBack(routing.refresh(), here).compose(use);
  }

  /** A master whose lane is not waiting out a reconnect backoff, taken in turn; any master when none is. */
  private String anyMasterUp(SlotMap map) {
    List<String> masters = map.masters();
    for (int i = 0; i < masters.size(); i++) {
      String candidate = masters.get(Math.floorMod(rotation++, masters.size()));
      if (lane(candidate).isUsable()) {
        return candidate;
      }
    }
    return masters.get(0);
  }

  /** Usable while any master's lane is. */
  @Override
  public boolean isUsable() {
    return lanes.isEmpty() || lanes.values().stream().anyMatch(RedisLane::isUsable);
  }

  @Override
  public void close() {
    lanes.values().forEach(RedisLane::close);
    lanes.clear();
  }

  private RedisLane lane(String node) {
    SlotMap map = routing.current();
    if (map != lanesOf) {
      forgetDepartedNodes(map);
    }
    RedisLane lane = lanes.get(node);
    if (lane == null) {
      lane = newLane.apply(node);
      lanes.put(node, lane);
    }
    return lane;
  }

  /** Closes lanes to nodes the new map no longer names (removed, or now replicas). */
  private void forgetDepartedNodes(SlotMap map) {
    lanesOf = map;
    lanes.entrySet().removeIf(e -> {
      boolean departed = !map.masters().contains(e.getKey());
      if (departed) {
        e.getValue().close();
      }
      return departed;
    });
  }
}
