import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP workers for the queue benchmark: WORKERS threads, each on a keep-alive connection of its own, in a
 * loop of reserve (up to MAX jobs, long-polling 1 s) and ack until JOBS jobs are done; prints the jobs/s from
 * the first reserve to the last ack. Acks are one request per reserve ({@code POST .../ack}, batch) or one
 * per job ({@code .../jobs/{id}/ack}, single). A bare HTTP/1.1 client on a socket, so that the client's own
 * CPU (on the server's cores) stays small, and no dependencies:
 * {@code java load-tests/queue-workers/HttpWorkers.java <base URL> <api key> <queue> <jobs> [workers=8]
 * [max=50] [batch|single]}.
 */
public final class HttpWorkers {

  // the benchmark's payloads are numbers, so these fields are the only strings named so in a reply
  private static final Pattern JOB = Pattern.compile("\"jobId\":\"([^\"]+)\"");
  private static final Pattern LEASE = Pattern.compile("\"lease\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    URI server = URI.create(args[0]);
    String path = "/api/v1/queues/" + args[2];
    String key = args[1];
    long jobs = Long.parseLong(args[3]);
    int workers = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int max = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    boolean batch = args.length <= 6 || args[6].equals("batch");
    AtomicLong done = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    AtomicLong end = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try (Connection http = new Connection(server.getHost(), server.getPort(), key)) {
          while (done.get() < jobs) {
            String reply = http.post(path + "/reserve", "{\"max\":" + max + ",\"waitMs\":1000,\"leaseMs\":60000}", 200);
            requests.incrementAndGet();
            List<String[]> taken = new ArrayList<>();
            Matcher id = JOB.matcher(reply);
            Matcher lease = LEASE.matcher(reply);
            while (id.find() && lease.find()) {
              taken.add(new String[] {id.group(1), lease.group(1)});
            }
            if (taken.isEmpty()) {
              continue;
            }
            if (batch) {
              StringBuilder body = new StringBuilder("{\"jobs\":[");
              for (int i = 0; i < taken.size(); i++) {
                body.append(i == 0 ? "" : ",").append("{\"jobId\":\"").append(taken.get(i)[0])
                    .append("\",\"lease\":\"").append(taken.get(i)[1]).append("\"}");
              }
              String acked = http.post(path + "/ack", body.append("]}").toString(), 200);
              requests.incrementAndGet();
              if (!acked.contains("\"conflicts\":[]")) {
                conflicts.incrementAndGet();
              }
            } else {
              for (String[] job : taken) {
                http.post(path + "/jobs/" + job[0] + "/ack", "{\"lease\":\"" + job[1] + "\"}", 204);
                requests.incrementAndGet();
              }
            }
            if (done.addAndGet(taken.size()) >= jobs) {
              end.compareAndSet(0, System.nanoTime()); // the others may still wait out a long-poll
            }
          }
        } catch (IOException | RuntimeException e) {
          System.err.println("worker failed: " + e);
          System.exit(1);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (end.get() - start) / 1e9;
    System.out.printf("%d jobs in %.2f s: %d jobs/s, %d requests (%d workers, %d per reserve, %s acks)%s%n",
        done.get(), seconds, Math.round(done.get() / seconds), requests.get(), workers, max,
        batch ? "batch" : "single", conflicts.get() > 0 ? ", " + conflicts.get() + " acks with conflicts" : "");
  }

  /** One keep-alive HTTP/1.1 connection: JSON POSTs, replies read by their Content-Length (none for a 204). */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String headers;

    Connection(String host, int port, String key) throws IOException {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 65536);
      headers = "Host: " + host + ":" + port + "\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: ";
    }

    String post(String path, String body, int expected) throws IOException {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      out.write(("POST " + path + " HTTP/1.1\r\n" + headers + content.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      String status = line();
      int length = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).trim());
        }
      }
      if (length < 0 && !status.startsWith("HTTP/1.1 204")) {
        throw new IOException("no Content-Length in the reply to " + path + " (" + status + ")");
      }
      String reply = length <= 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
      if (!status.startsWith("HTTP/1.1 " + expected)) {
        throw new IOException(path + " answered " + status + ": " + reply);
      }
      return reply;
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
