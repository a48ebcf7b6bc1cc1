package io.redwire.realtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live leaderboard view a client asked for: the top N, or the places around one member. Its key names
 * it among a board's views ({@code top:10}, {@code around:5:user:42}); clients asking the same view share
 * one read and one frame per change.
 */
record Window(String board, int top, String aroundMember, int radius) {

  static Window top(String board, int top) {
    return new Window(board, top, null, 0);
  }

  static Window around(String board, String member, int radius) {
    return new Window(board, 0, member, radius);
  }

  boolean isAround() {
    return aroundMember != null;
  }

  String key() {
    return isAround() ? "around:" + radius + ":" + aroundMember : "top:" + top;
  }

  /**
   * The frame for these places: {@code {"type":"leaderboard","board","entries":[...],"changes":[...]}} with
   * changes from {@code before} (null for a snapshot: no changes). Ranks are the board's (0 = highest).
   */
  String frame(List<LiveBoards.Place> places, List<LiveBoards.Place> before) {
    JsonArray entries = new JsonArray();
    for (LiveBoards.Place p : places) {
      entries.add(new JsonObject().put("member", p.member()).put("score", p.score()).put("rank", p.rank()));
    }
    JsonObject frame = new JsonObject().put("type", "leaderboard").put("board", board);
    if (isAround()) {
      frame.put("around", aroundMember);
    } else {
      frame.put("top", top);
    }
    return frame.put("entries", entries).put("changes", changes(places, before)).encode();
  }

  /** entered (now in the view, was not), left (was, is not), moved (rank changed); from/to are ranks. */
  static JsonArray changes(List<LiveBoards.Place> now, List<LiveBoards.Place> before) {
    JsonArray changes = new JsonArray();
    if (before == null) {
      return changes;
    }
    Map<String, Long> oldRanks = new HashMap<>();
    before.forEach(p -> oldRanks.put(p.member(), p.rank()));
    Map<String, Long> newRanks = new HashMap<>();
    now.forEach(p -> newRanks.put(p.member(), p.rank()));
    for (LiveBoards.Place p : now) {
      Long from = oldRanks.get(p.member());
      if (from == null) {
        changes.add(new JsonObject().put("member", p.member()).put("change", "entered").putNull("from").put("to", p.rank()));
      } else if (from != p.rank()) {
        changes.add(new JsonObject().put("member", p.member()).put("change", "moved").put("from", from).put("to", p.rank()));
      }
    }
    List<LiveBoards.Place> left = new ArrayList<>();
    for (LiveBoards.Place p : before) {
      if (!newRanks.containsKey(p.member())) {
        left.add(p);
      }
    }
    for (LiveBoards.Place p : left) {
      changes.add(new JsonObject().put("member", p.member()).put("change", "left").put("from", p.rank()).putNull("to"));
    }
    return changes;
  }
}
