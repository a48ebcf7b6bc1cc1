package io.redwire.realtime;

import io.redwire.http.SharedTextFrame;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP event loop's WebSocket clients, by channel, touched only on that loop. The loop wants a
 * channel from the bridge (or a window from the leaderboard feed) while at least one of its clients does,
 * so a message reaches the loop in one hop and is written to each of its clients from one shared frame.
 * One sweep per loop pings quiet clients, closes idle and slow ones.
 */
final class LoopHub {

  /** One client's subscription to a channel or a leaderboard window; delivered to directly, no lookups. */
  interface Target {
    /** True when the frame was written to the client now. */
    boolean message(String offset, SharedTextFrame frame);

    void board(SharedTextFrame frame);
  }

  private final Vertx vertx;
  private final Context context;
  private final Bridge bridge;
  private final LeaderboardFeed feed;
  private final RealtimeMetrics metrics;
  private final Map<String, List<Target>> byChannel = new HashMap<>();
  private final Map<String, List<Target>> byWindow = new HashMap<>();
  private final Set<WsSession> sessions = new LinkedHashSet<>();
  private long sweeper = -1;

  LoopHub(Vertx vertx, Context context, Bridge bridge, LeaderboardFeed feed, RealtimeMetrics metrics,
      long sweepEveryMs) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.context = context;
    this.bridge = bridge;
    this.feed = feed;
    this.sweeper = vertx.setPeriodic(sweepEveryMs, t -> sweep());
  }

  Context context() {
    return context;
  }

  LeaderboardFeed feed() {
    return feed;
  }

  void opened(WsSession session) {
    sessions.add(session);
  }

  void closed(WsSession session) {
    sessions.remove(session);
  }

  int sessionCount() {
    return sessions.size();
  }

  /** Adds a client to a message channel; completes once the bridge's subscription is active. */
  Future<Void> join(String channel, Target target) {
    List<Target> list = byChannel.computeIfAbsent(channel, c -> new ArrayList<>());
    list.add(target);
    if (list.size() == 1) {
      return bridge.want(channel, this);
    }
    // already wanted by this loop; the bridge runs requests in order, so the want came first
    return bridge.whenActive(channel, this);
  }

  void leave(String channel, Target target) {
    List<Target> list = byChannel.get(channel);
    if (list != null && list.remove(target) && list.isEmpty()) {
      byChannel.remove(channel);
      bridge.unwant(channel, this);
    }
  }

  void watch(Window window, Target target) {
    String key = window.board() + "\n" + window.key();
    List<Target> list = byWindow.computeIfAbsent(key, c -> new ArrayList<>());
    list.add(target);
    if (list.size() == 1) {
      feed.want(window, this);
    }
  }

  void unwatch(Window window, Target target) {
    String key = window.board() + "\n" + window.key();
    List<Target> list = byWindow.get(key);
    if (list != null && list.remove(target) && list.isEmpty()) {
      byWindow.remove(key);
      feed.unwant(window, this);
    }
  }

  /** A message for the channel's clients here; the frame's hold for this loop is released after. */
  void deliver(String channel, String offset, SharedTextFrame frame) {
    try {
      List<Target> list = byChannel.get(channel);
      if (list != null) {
        int written = 0;
        // a copy: a delivery may close its client, which leaves the list
        for (Target t : list.toArray(new Target[0])) {
          if (t.message(offset, frame)) {
            written++;
          }
        }
        metrics.framesSent.increment(written);
      }
    } finally {
      frame.release();
    }
  }

  void deliverBoard(Window window, SharedTextFrame frame) {
    try {
      List<Target> list = byWindow.get(window.board() + "\n" + window.key());
      if (list != null) {
        for (Target t : list.toArray(new Target[0])) {
          t.board(frame);
        }
      }
    } finally {
      frame.release();
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (WsSession s : sessions.toArray(new WsSession[0])) {
      s.sweep(now);
    }
  }

  /** The HTTP verticle stops: every client is told the server is going away (1001). */
  void shutdown() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
      sweeper = -1;
    }
    for (WsSession s : sessions.toArray(new WsSession[0])) {
      s.close(CloseCodes.GOING_AWAY, "server shutting down");
    }
  }
}
