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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny blocking RESP2 client for test assertions: it looks at Redis directly, independent of the
 * client under test. Replies: String (simple/bulk), Long, List, null; error replies throw.
 *
 * <p>On a cluster ({@link #cluster}) every command goes to the seed node first and follows its
 * {@code MOVED} / {@code ASK} redirect, on a connection kept per node: no slot table to go stale when a
 * test moves slots or stops a master, at the price of a round trip per redirected command. Keyless
 * commands (INFO, PUBSUB, CLUSTER ...) are answered by the seed; {@link #scan} covers every master.
 */
public final class RespClient implements AutoCloseable {

  private static final int MAX_REDIRECTS = 5;

  private final boolean cluster;
  private final Connection seed;
  // by "host:port"; the seed is in here too
  private final Map<String, Connection> connections = new LinkedHashMap<>();

  public RespClient(int port) {
    this("127.0.0.1", port);
  }

  public RespClient(String host, int port) {
    this(host, port, false);
  }

  private RespClient(String host, int port, boolean cluster) {
    this.cluster = cluster;
    this.seed = new Connection(host, port);
    connections.put(host + ":" + port, seed);
  }

  /** A client of the cluster that {@code host:port} is a node of, following its redirects. */
  public static RespClient cluster(String host, int port) {
    return new RespClient(host, port, true);
  }

  public Object call(String... args) {
    Connection target = seed;
    boolean asking = false;
    for (int redirects = 0; ; redirects++) {
      if (asking) {
        target.call("ASKING").orThrow();
      }
      Answer answer = target.call(args);
      String error = answer.error;
      boolean moved = error != null && error.startsWith("MOVED ");
      boolean ask = error != null && error.startsWith("ASK ");
      if (!cluster || !(moved || ask) || redirects == MAX_REDIRECTS) {
        return answer.orThrow();
      }
      // "MOVED 3999 127.0.0.1:6381": the last word is the node that serves the slot
      target = connection(error.substring(error.lastIndexOf(' ') + 1));
      asking = ask;
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

  /** Every key matching the pattern, by SCAN (on a cluster: on every master, as SCAN is per node). */
  public List<String> scan(String pattern) {
    if (!cluster) {
      return scan(seed, pattern);
    }
    List<String> keys = new ArrayList<>();
    for (String master : masters()) {
      keys.addAll(scan(connection(master), pattern));
    }
    return keys;
  }

  /** The masters that serve slots, as "host:port", per the seed's {@code CLUSTER SLOTS}. */
  public List<String> masters() {
    Set<String> masters = new LinkedHashSet<>();
    for (Object range : (List<?>) seed.call("CLUSTER", "SLOTS").orThrow()) {
      // [start, end, [host, port, id], replicas...]
      List<?> master = (List<?>) ((List<?>) range).get(2);
      masters.add(master.get(0) + ":" + master.get(1));
    }
    return List.copyOf(masters);
  }

  private static List<String> scan(Connection node, String pattern) {
    List<String> keys = new ArrayList<>();
    String cursor = "0";
    do {
      List<?> page = (List<?>) node.call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000").orThrow();
      cursor = page.get(0).toString();
      for (Object k : (List<?>) page.get(1)) {
        keys.add(k.toString());
      }
    } while (!cursor.equals("0"));
    return keys;
  }

  private Connection connection(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    // the suite's clusters live on loopback: never follow a redirect anywhere else
    if (!host.equals("127.0.0.1")) {
      throw new IllegalStateException("refusing a redirect off loopback: " + hostPort);
    }
    return connections.computeIfAbsent(hostPort,
        k -> new Connection(host, Integer.parseInt(hostPort.substring(colon + 1))));
  }

  @Override
  public void close() {
    connections.values().forEach(Connection::close);
  }

  /** A reply, or the top-level error reply (kept, so the caller may follow a redirect). */
  private record Answer(Object value, String error) {

    Object orThrow() {
      if (error != null) {
        throw new IllegalStateException("Redis error: " + error);
      }
      return value;
    }
  }

  /** One socket to one node. */
  private static final class Connection {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Connection(String host, int port) {
      try {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Answer call(String... args) {
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
        if (peek() == '-') {
          in.read();
          return new Answer(null, readLine());
        }
        return new Answer(read(), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private int peek() throws IOException {
      in.mark(1);
      int type = in.read();
      in.reset();
      return type;
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

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
