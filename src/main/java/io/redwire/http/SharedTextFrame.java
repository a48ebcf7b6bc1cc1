package io.redwire.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * One text frame's bytes, encoded once and written to many WebSockets: each write sends a retained
 * duplicate (Netty frees a frame's buffer once written, so one frame object cannot go to two clients).
 * Thread-safe: clients on other event loops may write it. {@link #release()} when every write was issued.
 */
public final class SharedTextFrame {

  private final ByteBuf bytes;

  private SharedTextFrame(ByteBuf bytes) {
    this.bytes = bytes;
  }

  public static SharedTextFrame of(CharSequence text) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(ByteBufUtil.utf8MaxBytes(text));
    buf.writeCharSequence(text, java.nio.charset.StandardCharsets.UTF_8);
    return new SharedTextFrame(buf);
  }

  /** Its size in bytes. */
  public int size() {
    return bytes.readableBytes();
  }

  /** Keeps it alive for one more holder (e.g. a client's pending slot); pair with {@link #release()}. */
  public SharedTextFrame retain() {
    bytes.retain();
    return this;
  }

  public void release() {
    bytes.release();
  }

  /** Writes it to the WebSocket (call on the socket's event loop). */
  public void writeTo(ServerWebSocket ws) {
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.retainedDuplicate(), true));
  }
}
