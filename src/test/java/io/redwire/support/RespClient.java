package io.redwire.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny blocking RESP2 client for test assertions: it looks at Redis directly, independent of the
 * client under test. Replies: String (simple/bulk), Long, List, null; error replies throw.
 */
public final class RespClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RespClient(int port) {
    this("127.0.0.1", port);
  }

  public RespClient(String host, int port) {
    try {
      socket = new Socket(host, port);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Object call(String... args) {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        buf.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        buf.write(b);
        buf.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(buf.toByteArray());
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String string(String... args) {
    Object r = call(args);
    return r == null ? null : r.toString();
  }

  public long number(String... args) {
    return (Long) call(args);
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String... args) {
    return (List<Object>) call(args);
  }

  /** Every key matching the pattern, by SCAN. */
  public List<String> scan(String pattern) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      List<Object> page = list("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
      cursor = page.get(0).toString();
      for (Object k : (List<?>) page.get(1)) {
        keys.add(k.toString());
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] data = in.readNBytes(len);
        readLine();
        return new String(data, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("Unexpected RESP type " + (char) type + line);
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
