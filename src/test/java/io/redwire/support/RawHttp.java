package io.redwire.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One raw TCP connection to a server, for what an HTTP client library would not send (two
 * Authorization headers, made-up methods, odd framing, half-sent requests) or would hide (the
 * connection being closed). Reads time out after a few seconds, so a server that never answers fails
 * the test instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {

  private static final int READ_TIMEOUT_MS = 5000;

  private final Socket socket;

  public RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(READ_TIMEOUT_MS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the text as it is (write "\r\n" yourself). */
  public RawHttp send(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything the server sends until it closes the connection; fails when it keeps it open. */
  public String readUntilClosed() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        all.write(buf, 0, n);
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; it sent: " + all.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      // a reset after the answer counts as closed
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** The status line and headers of the next response (its body is left unread). */
  public String readHead() {
    StringBuilder head = new StringBuilder();
    try {
      InputStream in = socket.getInputStream();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          return head.toString();
        }
      }
      throw new AssertionError("the connection closed before a response head; got: " + head);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no response head within " + READ_TIMEOUT_MS + " ms; got: " + head);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when the server closes the connection within the read timeout (whatever it still sends before
   * that is read and dropped), false when it keeps it open.
   */
  public boolean closedByServer() {
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0) {
        // drain what is left of a response
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** The status code of a response text ("HTTP/1.1 401 Unauthorized ..." -> 401). */
  public static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
