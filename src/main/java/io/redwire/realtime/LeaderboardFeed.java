package io.redwire.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redwire.http.SharedTextFrame;
import io.redwire.redis.RedisSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live leaderboard windows, coalesced per board on the bridge's event loop. A score write publishes a
 * small change event; the feed only marks the board dirty. At most every interval it reads each dirty
 * board once (one ZRANGE for the widest top window its clients asked for, one read per distinct around
 * window) and pushes a window's frame only when its entries changed, with the rank movements. Redis load
 * is therefore bounded by boards and distinct windows times the tick rate: it does not grow with the
 * number of clients nor with the write rate.
 */
final class LeaderboardFeed {

  /** One view of a board, shared by every client of every event loop that asked for it. */
  private static final class View {
    final Window window;
    final Map<LoopHub, Integer> hubs = new HashMap<>();
    List<LiveBoards.Place> last;

    View(Window window) {
      this.window = window;
    }
  }

  private final class Board {
    final String name;
    final Map<String, View> views = new HashMap<>();
    RedisSubscriber.Subscription changes;
    boolean dirty;
    boolean reading;
    /** Push every view's window even if unchanged (after a lost subscription: a fresh snapshot). */
    boolean forceSnapshot;

    Board(String name) {
      this.name = name;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final RedisSubscriber subscriber;
  private final LiveBoards boards;
  private final long intervalMs;
  private final Map<String, Board> byName = new HashMap<>();
  private final Counter reads;
  private final Counter pushes;
  private long timer = -1;

  LeaderboardFeed(Vertx vertx, Context context, RedisSubscriber subscriber, LiveBoards boards, long intervalMs,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.context = context;
    this.subscriber = subscriber;
    this.boards = boards;
    this.intervalMs = intervalMs;
    this.reads = Counter.builder("redwire_leaderboard_feed_reads_total")
        .description("Reads of leaderboard windows by the live feed (per board and view, not per client)")
        .register(meters);
    this.pushes = Counter.builder("redwire_leaderboard_feed_pushes_total")
        .description("Changed leaderboard windows the feed handed to its event loops").register(meters);
  }

  /** The hub has clients on this window: the feed keeps it live (called from any context). */
  void want(Window window, LoopHub hub) {
    context.runOnContext(v -> {
      Board board = byName.computeIfAbsent(window.board(), this::open);
      View view = board.views.get(window.key());
      if (view == null) {
        View created = new View(window);
        board.views.put(window.key(), created);
        view = created;
        // the baseline the first change is measured against (clients got their own snapshot)
        reads.increment();
        read(window).onSuccess(places -> {
          if (created.last == null) {
            created.last = List.copyOf(places);
          }
        });
      }
      view.hubs.merge(hub, 1, Integer::sum);
      ensureTimer();
    });
  }

  void unwant(Window window, LoopHub hub) {
    context.runOnContext(v -> {
      Board board = byName.get(window.board());
      View view = board == null ? null : board.views.get(window.key());
      if (view == null) {
        return;
      }
      view.hubs.computeIfPresent(hub, (h, n) -> n > 1 ? n - 1 : null);
      if (view.hubs.isEmpty()) {
        board.views.remove(window.key());
      }
      if (board.views.isEmpty()) {
        byName.remove(board.name);
        board.changes.cancel();
      }
      if (byName.isEmpty() && timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    });
  }

  /** The window's current places, for a new client's snapshot. */
  Future<List<LiveBoards.Place>> read(Window window) {
    return window.isAround()
        ? boards.around(window.board(), window.aroundMember(), window.radius())
        : boards.top(window.board(), window.top());
  }

  private Board open(String name) {
    Board board = new Board(name);
    board.changes = subscriber.subscribe(boards.changesChannel(name), new RedisSubscriber.Listener() {
      @Override
      public void onMessage(String channel, String message) {
        board.dirty = true;
      }

      @Override
      public void onResubscribed() {
        // changes published while the subscription was down are lost: read and push every view now
        board.dirty = true;
        board.forceSnapshot = true;
      }
    });
    return board;
  }

  private void ensureTimer() {
    if (timer < 0) {
      timer = vertx.setPeriodic(intervalMs, t -> tick());
    }
  }

  private void tick() {
    for (Board board : byName.values()) {
      if (board.dirty && !board.reading) {
        board.dirty = false;
        refresh(board);
      }
    }
  }

  /** One read for all top views (the widest), one per around view; pushes the views that changed. */
  private void refresh(Board board) {
    boolean force = board.forceSnapshot;
    board.forceSnapshot = false;
    board.reading = true;
    List<View> tops = new ArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    int widest = 0;
    for (View view : board.views.values()) {
      if (view.window.isAround()) {
        reads.increment();
        done.add(read(view.window).onSuccess(places -> push(view, places, force)));
      } else {
        tops.add(view);
        widest = Math.max(widest, view.window.top());
      }
    }
    if (!tops.isEmpty()) {
      reads.increment();
      done.add(boards.top(board.name, widest).onSuccess(places -> {
        for (View view : tops) {
          push(view, places.subList(0, Math.min(view.window.top(), places.size())), force);
        }
      }));
    }
    Future.join(done).onComplete(ar -> {
      board.reading = false;
      if (ar.failed()) {
        board.dirty = true; // Redis did not answer: try again next tick
      }
    });
  }

  private void push(View view, List<LiveBoards.Place> places, boolean force) {
    if (!force && places.equals(view.last)) {
      return;
    }
    List<LiveBoards.Place> before = view.last;
    view.last = List.copyOf(places);
    pushes.increment();
    SharedTextFrame frame = SharedTextFrame.of(view.window.frame(places, before));
    for (LoopHub hub : view.hubs.keySet()) {
      frame.retain();
      hub.context().runOnContext(v -> hub.deliverBoard(view.window, frame));
    }
    frame.release();
  }

  int boardCount() {
    return byName.size();
  }
}
