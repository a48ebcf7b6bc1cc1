package io.redwire.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The WebSocket endpoint's figures, shared by every event loop. */
final class RealtimeMetrics {

  final AtomicInteger connections = new AtomicInteger();
  final Counter framesSent;
  final Counter boardFramesReplaced;
  private final MeterRegistry meters;
  private final Map<String, Counter> closes = new ConcurrentHashMap<>();

  RealtimeMetrics(MeterRegistry meters) {
    this.meters = meters;
    Gauge.builder("redwire_ws_connections", connections, AtomicInteger::get)
        .description("Open WebSocket connections on this replica").register(meters);
    this.framesSent = Counter.builder("redwire_ws_frames_sent_total")
        .description("Frames written to WebSocket clients (messages, leaderboard windows, replies)").register(meters);
    this.boardFramesReplaced = Counter.builder("redwire_ws_board_frames_replaced_total")
        .description("Leaderboard frames a slow client never got because a newer window replaced them")
        .register(meters);
  }

  void closed(String reason) {
    closes.computeIfAbsent(reason, r -> Counter.builder("redwire_ws_closed_total")
        .description("WebSocket connections the server closed, by reason").tag("reason", r).register(meters))
        .increment();
  }
}
