package io.redwire.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the request checks see a request that carried both Content-Length and Transfer-Encoding:
 * chunked (RFC 9112 6.1: a sign of request smuggling, to be refused and the connection closed). Netty's
 * decoder reads such a request as chunked and drops the Content-Length before anyone sees it, so each
 * connection's decoder is swapped for one that marks the request instead. Vert.x has no option for it,
 * so this reaches the connection's Netty pipeline through Vert.x' internals; if those change, requests
 * are decoded as before (chunked wins, RFC 9112 6.3) and a warning is logged once.
 */
final class StrictFraming {

  /** Set on a request whose Content-Length the decoder dropped; a client sending it only hurts itself. */
  static final String AMBIGUOUS = "x-redwire-ambiguous-framing";

  private static final Logger LOG = LoggerFactory.getLogger(StrictFraming.class);
  private static volatile boolean warned;

  private StrictFraming() {}

  static void install(HttpConnection connection, HttpServerOptions options) {
    try {
      if (!(connection instanceof ConnectionBase base)) {
        unsupported("the connection is a " + connection.getClass().getName());
        return;
      }
      ChannelPipeline pipeline = base.channel().pipeline();
      ChannelHandlerContext decoder = pipeline.context(VertxHttpRequestDecoder.class);
      if (decoder != null && !(decoder.handler() instanceof MarkingDecoder)) {
        pipeline.replace(decoder.name(), decoder.name(), new MarkingDecoder(options));
      }
    } catch (RuntimeException | LinkageError e) {
      unsupported(e.toString());
    }
  }

  private static void unsupported(String why) {
    if (!warned) {
      warned = true;
      LOG.warn("requests with both Content-Length and Transfer-Encoding are read as chunked (cannot mark them: {})",
          why);
    }
  }

  private static final class MarkingDecoder extends VertxHttpRequestDecoder {
    MarkingDecoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      super.handleTransferEncodingChunkedWithContentLength(message);
      message.headers().set(AMBIGUOUS, "1");
    }
  }
}
