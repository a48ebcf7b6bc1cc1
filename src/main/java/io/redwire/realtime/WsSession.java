package io.redwire.realtime;

import io.redwire.auth.Authenticator;
import io.redwire.auth.Principal;
import io.redwire.auth.Role;
import io.redwire.http.Input;
import io.redwire.http.ProblemException;
import io.redwire.http.SharedTextFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of {@code /ws} and its protocol, on its event loop. Client ops: {@code auth}
 * (only as the first frame, when the upgrade carried no token), {@code subscribe}, {@code unsubscribe},
 * {@code ping}. A subscription's frames never overtake its {@code subscribed} reply: messages arriving
 * before it (or during a history replay) are held and then delivered after, de-duplicated by offset.
 *
 * <p>Slow clients: a message that would have to wait behind a full write queue closes the client (4008)
 * rather than being dropped silently, so a client never has an unannounced gap (it reconnects with
 * {@code since}); leaderboard frames are replaced by newer ones instead of queueing, and a client whose
 * queue stays over the bound longer than the grace period is closed too.
 */
final class WsSession {

  private static final Set<String> SUBSCRIBE_FIELDS = Set.of("op", "channel", "top", "around", "radius", "since");
  private static final int DEFAULT_TOP = 10;

  /** Shared by every session of the replica. */
  record Services(RealtimeConfigView config, Channels channels, NotificationService notifications,
      LiveBoards boards, RealtimeMetrics metrics) {}

  /** The settings a session reads. */
  record RealtimeConfigView(boolean publicLeaderboards, int maxFrameBytes, int maxSubscriptions, int maxHeldMessages,
      long pingIntervalNanos, long idleTimeoutNanos, long authTimeoutNanos, long slowClientGraceNanos,
      int writeQueueBytes, int maxLeaderboardWindow) {}

  private record Held(String offset, SharedTextFrame frame) {}

  /** One subscription; the hub holds it in its channel's (or window's) list and delivers to it directly. */
  private final class Sub implements LoopHub.Target {
    final String channel;
    final Window window;
    final boolean durable;
    /** False once unsubscribed or closed: frames still on their way are ignored. */
    boolean live = true;
    /** Frames wait in {@link #held} until the subscribed reply (and any replay) went out. */
    boolean holding = true;
    final List<Held> held = new ArrayList<>();
    /**
     * The newest offset a history replay sent (or the client's since): live messages up to it are
     * duplicates. Cleared by the first newer one, since the bridge delivers in offset order.
     */
    String replayedUpTo;
    /** A leaderboard frame waiting for the snapshot or for a full write queue to drain. */
    SharedTextFrame pendingBoard;

    Sub(String channel, Window window, boolean durable) {
      this.channel = channel;
      this.window = window;
      this.durable = durable;
    }

    @Override
    public boolean message(String offset, SharedTextFrame frame) {
      return deliver(this, offset, frame);
    }

    @Override
    public void board(SharedTextFrame frame) {
      deliverBoard(this, frame);
    }
  }

  private final ServerWebSocket ws;
  private final LoopHub hub;
  private final Authenticator authenticator;
  private final Services services;
  private final RealtimeConfigView config;
  private final String address;
  private final Map<String, Sub> subs = new LinkedHashMap<>();
  private Principal principal;
  private boolean sawFrame;
  private boolean closed;
  private final long openedNanos = System.nanoTime();
  private long lastReceivedNanos = openedNanos;
  private long lastPingNanos = openedNanos;
  private long overBoundSinceNanos;

  WsSession(ServerWebSocket ws, LoopHub hub, Principal principal, Authenticator authenticator, Services services) {
    this.ws = ws;
    this.hub = hub;
    this.principal = principal;
    this.authenticator = authenticator;
    this.services = services;
    this.config = services.config();
    this.address = ws.remoteAddress() == null ? "unknown" : ws.remoteAddress().hostAddress();
  }

  void start() {
    services.metrics().connections.incrementAndGet();
    hub.opened(this);
    ws.setWriteQueueMaxSize(config.writeQueueBytes());
    ws.textMessageHandler(this::received);
    ws.binaryMessageHandler(b -> {
      touch();
      reply(Frames.error("binary frames are not understood: send JSON text frames"));
    });
    ws.pongHandler(b -> touch());
    ws.drainHandler(v -> drained());
    ws.exceptionHandler(e -> { });
    ws.closeHandler(v -> cleanup());
  }

  private boolean authenticated() {
    return principal.role() != Role.ANONYMOUS;
  }

  private void touch() {
    lastReceivedNanos = System.nanoTime();
  }

  private void received(String text) {
    touch();
    if (closed) {
      return;
    }
    if (text.length() > config.maxFrameBytes()) {
      // the server's own limit is higher (a bound on memory); this one is told with a close code
      close((short) 1009, "frame over " + config.maxFrameBytes() + " bytes");
      return;
    }
    boolean first = !sawFrame;
    sawFrame = true;
    JsonObject op;
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (!(parsed instanceof JsonObject o)) {
        reply(Frames.error("each frame must be a JSON object such as {\"op\":\"ping\"}"));
        return;
      }
      op = o;
    } catch (DecodeException notJson) {
      reply(Frames.error("not JSON: each frame must be a JSON object such as {\"op\":\"ping\"}"));
      return;
    }
    Object name = op.getValue("op");
    if (!(name instanceof String)) {
      reply(Frames.error("a frame needs \"op\": auth, subscribe, unsubscribe or ping"));
      return;
    }
    switch ((String) name) {
      case "auth" -> auth(op, first);
      case "subscribe" -> subscribe(op);
      case "unsubscribe" -> unsubscribe(op);
      case "ping" -> reply(Frames.pong());
      default -> reply(Frames.error("unknown op '" + Frames.shown((String) name)
          + "': use auth, subscribe, unsubscribe or ping"));
    }
  }

  private void auth(JsonObject op, boolean first) {
    if (authenticated() || !first) {
      reply(Frames.error("auth must be the first frame, and only when the upgrade carried no token"));
      return;
    }
    Object token = op.getValue("token");
    if (!(token instanceof String t) || t.isEmpty() || t.length() > 512) {
      reply(Frames.error("auth needs a \"token\": an API key or a session token"));
      close(CloseCodes.INVALID_TOKEN, "invalid token");
      return;
    }
    // nothing else is read until the token is checked: the next frames may depend on who this is
    ws.pause();
    authenticator.resolve(t, address).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        if (ar.cause() instanceof ProblemException p && p.status() == 429) {
          reply(Frames.error(p.getMessage()));
          close(CloseCodes.TOO_MANY_UNKNOWN_TOKENS, "too many unknown tokens");
        } else {
          reply(Frames.error("the token could not be checked now; reconnect and try again"));
          close((short) 1013, "try again later");
        }
        return;
      }
      if (ar.result().role() == Role.ANONYMOUS) {
        reply(Frames.error(ar.result().rejection()));
        close(CloseCodes.INVALID_TOKEN, "invalid token");
        return;
      }
      principal = ar.result();
      reply(Frames.authenticated(principal.role().name().toLowerCase(java.util.Locale.ROOT), principal.userId()));
      ws.resume();
    });
  }

  private void subscribe(JsonObject op) {
    Object rawChannel = op.getValue("channel");
    if (!(rawChannel instanceof String channel) || !Input.NAME.matcher(channel).matches()) {
      reply(Frames.error("subscribe needs a \"channel\": " + Input.NAME_RULE));
      return;
    }
    for (String field : op.fieldNames()) {
      if (!SUBSCRIBE_FIELDS.contains(field)) {
        reply(Frames.error("unknown field '" + Frames.shown(field) + "' in subscribe", channel));
        return;
      }
    }
    if (subs.containsKey(channel)) {
      reply(Frames.error("already subscribed; unsubscribe first to change the window", channel));
      return;
    }
    if (subs.size() >= config.maxSubscriptions()) {
      reply(Frames.error("subscription limit reached (" + config.maxSubscriptions() + " per connection)", channel));
      return;
    }
    Channels.Kind kind = Channels.kindOf(channel);
    String refusal = refusal(kind, Channels.subject(channel));
    if (refusal != null) {
      reply(Frames.error(refusal, channel));
      return;
    }
    if (kind == Channels.Kind.LEADERBOARD) {
      subscribeBoard(channel, op);
    } else {
      subscribeMessages(channel, op);
    }
  }

  /** Why this client may not read the channel, or null when it may. */
  private String refusal(Channels.Kind kind, String subject) {
    return switch (kind) {
      case LEADERBOARD -> authenticated() || config.publicLeaderboards() ? null
          : "leaderboards are not public here: authenticate first";
      case USER -> principal.isServiceOrAdmin() || subject.equals(principal.userId()) ? null
          : "user channels are readable by that user's session or a service key only";
      case QUEUE -> principal.isServiceOrAdmin() ? null : "queue channels need a service or admin key";
      case BROADCAST -> authenticated() ? null : "authenticate first (a token, or an auth frame)";
    };
  }

  private void subscribeBoard(String channel, JsonObject op) {
    String board = Channels.subject(channel);
    if (!services.boards().isBoardName(board) || op.containsKey("since")) {
      reply(Frames.error(op.containsKey("since") ? "leaderboards have no history: subscribe without since"
          : "not a board name: " + Input.NAME_RULE, channel));
      return;
    }
    Window window;
    if (op.containsKey("around")) {
      Object member = op.getValue("around");
      Integer radius = intField(op, "radius", 0, config.maxLeaderboardWindow() / 2, 5);
      if (!(member instanceof String m) || !Input.NAME.matcher(m).matches() || radius == null || op.containsKey("top")) {
        reply(Frames.error("around needs a member name (and radius 0.." + config.maxLeaderboardWindow() / 2
            + "), without top", channel));
        return;
      }
      window = Window.around(board, m, radius);
    } else {
      Integer top = intField(op, "top", 1, config.maxLeaderboardWindow(), DEFAULT_TOP);
      if (top == null || op.containsKey("radius")) {
        reply(Frames.error("top must be a whole number 1.." + config.maxLeaderboardWindow(), channel));
        return;
      }
      window = Window.top(board, top);
    }
    Sub sub = new Sub(channel, window, false);
    subs.put(channel, sub);
    hub.watch(window, sub);
    hub.feed().read(window).onComplete(ar -> {
      if (!sub.live || closed) {
        return;
      }
      if (ar.failed()) {
        reply(Frames.error("the leaderboard could not be read now; subscribe again later", channel));
        drop(sub);
        return;
      }
      reply(Frames.subscribed(channel, null));
      reply(window.frame(ar.result(), null));
      sub.holding = false;
      SharedTextFrame newer = sub.pendingBoard;
      sub.pendingBoard = null;
      if (newer != null) {
        deliverBoard(sub, newer);
        newer.release();
      }
    });
  }

  private void subscribeMessages(String channel, JsonObject op) {
    Object since = op.getValue("since");
    boolean durable = services.channels().isDurable(channel);
    if (since != null && (!durable || !(since instanceof String s) || !Offsets.isValid(s))) {
      reply(Frames.error(durable ? "since must be an offset this channel sent (<ms>-<seq>)"
          : "this channel keeps no history: subscribe without since", channel));
      return;
    }
    if (op.containsKey("top") || op.containsKey("around") || op.containsKey("radius")) {
      reply(Frames.error("top, around and radius are for leaderboard channels", channel));
      return;
    }
    Sub sub = new Sub(channel, null, durable);
    subs.put(channel, sub);
    hub.join(channel, sub).onComplete(active -> {
      if (!sub.live || closed) {
        return;
      }
      if (active.failed()) {
        reply(Frames.error("the channel could not be subscribed now; subscribe again later", channel));
        drop(sub);
        return;
      }
      if (since == null) {
        reply(Frames.subscribed(channel, null));
        release(sub);
        return;
      }
      services.notifications().historySince(channel, (String) since).onComplete(history -> {
        if (!sub.live || closed) {
          return;
        }
        if (history.failed()) {
          reply(Frames.error("the channel's history could not be read now; subscribe again later", channel));
          drop(sub);
          return;
        }
        reply(Frames.subscribed(channel, history.result().complete()));
        sub.replayedUpTo = (String) since;
        for (NotificationService.Entry e : history.result().entries()) {
          reply(Frames.message(channel, e.offset(), e.payload()));
          sub.replayedUpTo = e.offset();
        }
        release(sub);
      });
    });
  }

  /** The subscribed reply is out: deliver what arrived meanwhile (newer than what was sent), then live. */
  private void release(Sub sub) {
    sub.holding = false;
    List<Held> held = new ArrayList<>(sub.held);
    sub.held.clear();
    for (Held h : held) {
      if (!closed && deliver(sub, h.offset(), h.frame())) {
        services.metrics().framesSent.increment();
      }
      h.frame().release();
    }
  }

  private static Integer intField(JsonObject op, String field, int min, int max, int fallback) {
    Object v = op.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      return null;
    }
    long n = ((Number) v).longValue();
    return n < min || n > max ? null : (int) n;
  }

  private void unsubscribe(JsonObject op) {
    Object channel = op.getValue("channel");
    Sub sub = channel instanceof String c ? subs.get(c) : null;
    if (sub == null) {
      reply(Frames.error("not subscribed to " + (channel instanceof String c ? Frames.shown(c) : "that")));
      return;
    }
    drop(sub);
    reply(Frames.unsubscribed(sub.channel));
  }

  private void drop(Sub sub) {
    subs.remove(sub.channel);
    sub.live = false;
    if (sub.window != null) {
      hub.unwatch(sub.window, sub);
    } else {
      hub.leave(sub.channel, sub);
    }
    sub.held.forEach(h -> h.frame().release());
    sub.held.clear();
    if (sub.pendingBoard != null) {
      sub.pendingBoard.release();
      sub.pendingBoard = null;
    }
  }

  /**
   * A message for one subscription (from the hub, which keeps its own hold on the frame). True when it was
   * written now: the hub counts the frames of one delivery at once, not per client.
   */
  private boolean deliver(Sub sub, String offset, SharedTextFrame frame) {
    if (!sub.live || closed) {
      return false;
    }
    if (sub.holding) {
      if (sub.held.size() >= config.maxHeldMessages()) {
        close(CloseCodes.SLOW_CONSUMER, "too many messages while subscribing");
        return false;
      }
      sub.held.add(new Held(offset, frame.retain()));
      return false;
    }
    if (sub.replayedUpTo != null && offset != null) {
      if (!Offsets.after(offset, sub.replayedUpTo)) {
        return false; // replayed already
      }
      sub.replayedUpTo = null;
    }
    if (ws.writeQueueFull()) {
      // dropping it would leave a silent gap: the client reconnects with since and recovers instead
      close(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect with since");
      return false;
    }
    frame.writeTo(ws);
    return true;
  }

  /** A leaderboard window's new frame: replaces an unsent older one instead of queueing behind it. */
  private void deliverBoard(Sub sub, SharedTextFrame frame) {
    if (!sub.live || closed) {
      return;
    }
    if (sub.holding || ws.writeQueueFull()) {
      if (sub.pendingBoard != null) {
        sub.pendingBoard.release();
        services.metrics().boardFramesReplaced.increment();
      }
      sub.pendingBoard = frame.retain();
      if (!sub.holding && overBoundSinceNanos == 0) {
        overBoundSinceNanos = System.nanoTime();
      }
      return;
    }
    frame.writeTo(ws);
    services.metrics().framesSent.increment();
  }

  private void drained() {
    overBoundSinceNanos = 0;
    for (Sub sub : new ArrayList<>(subs.values())) {
      SharedTextFrame pending = sub.pendingBoard;
      if (pending != null && !sub.holding && !closed && !ws.writeQueueFull()) {
        sub.pendingBoard = null;
        pending.writeTo(ws);
        pending.release();
        services.metrics().framesSent.increment();
      }
    }
  }

  /** The hub's periodic look: heartbeats, idle, slow and unauthenticated clients. */
  void sweep(long now) {
    if (closed) {
      return;
    }
    if (now - lastReceivedNanos > config.idleTimeoutNanos()) {
      close(CloseCodes.IDLE, "idle: no frame or pong received");
      return;
    }
    if (!authenticated() && subs.isEmpty() && now - openedNanos > config.authTimeoutNanos()) {
      close(CloseCodes.AUTH_TIMEOUT, "authentication timeout");
      return;
    }
    if (ws.writeQueueFull() && overBoundSinceNanos == 0) {
      overBoundSinceNanos = now;
    }
    if (overBoundSinceNanos != 0 && now - overBoundSinceNanos > config.slowClientGraceNanos()) {
      close(CloseCodes.SLOW_CONSUMER, "slow consumer");
      return;
    }
    if (now - lastPingNanos >= config.pingIntervalNanos() && now - lastReceivedNanos >= config.pingIntervalNanos()) {
      lastPingNanos = now;
      ws.writePing(Buffer.buffer());
    }
  }

  /** A reply of its own (subscribed, error, pong); a client that does not read them is slow too. */
  private void reply(String text) {
    if (closed) {
      return;
    }
    if (ws.writeQueueFull()) {
      close(CloseCodes.SLOW_CONSUMER, "slow consumer: replies are not read");
      return;
    }
    ws.writeTextMessage(text);
    services.metrics().framesSent.increment();
  }

  void close(short code, String reason) {
    if (closed) {
      return;
    }
    services.metrics().closed(reasonTag(code));
    cleanup();
    ws.close(code, reason);
  }

  private static String reasonTag(short code) {
    return switch (code) {
      case CloseCodes.GOING_AWAY -> "shutdown";
      case CloseCodes.INVALID_TOKEN -> "invalid_token";
      case CloseCodes.AUTH_TIMEOUT -> "auth_timeout";
      case CloseCodes.SLOW_CONSUMER -> "slow_consumer";
      case CloseCodes.IDLE -> "idle";
      case CloseCodes.TOO_MANY_UNKNOWN_TOKENS -> "too_many_unknown_tokens";
      default -> "other";
    };
  }

  /** Leaves every channel and window and frees held frames; runs once (close, or the client's close). */
  private void cleanup() {
    if (closed) {
      return;
    }
    closed = true;
    for (Sub sub : new ArrayList<>(subs.values())) {
      drop(sub);
    }
    hub.closed(this);
    services.metrics().connections.decrementAndGet();
  }

  static RealtimeConfigView view(io.redwire.config.AppConfig.Realtime c) {
    return new RealtimeConfigView(c.publicLeaderboards(), c.maxFrameBytes(), c.maxSubscriptionsPerConnection(),
        c.historySize(),
        TimeUnit.MILLISECONDS.toNanos(c.pingIntervalMs()), TimeUnit.MILLISECONDS.toNanos(c.idleTimeoutMs()),
        TimeUnit.MILLISECONDS.toNanos(c.authTimeoutMs()), TimeUnit.MILLISECONDS.toNanos(c.slowClientGraceMs()),
        c.writeQueueBytes(), c.maxLeaderboardWindow());
  }
}
