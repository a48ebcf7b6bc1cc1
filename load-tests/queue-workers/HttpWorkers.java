import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP workers for the queue benchmark: WORKERS threads, each a loop of reserve (up to MAX jobs, long-polling
 * 1 s) and ack, until JOBS jobs are done; prints the jobs/s from the first reserve to the last ack. Acks are
 * one request per reserve ({@code POST .../ack}, ACK=batch) or one per job ({@code .../jobs/{id}/ack},
 * ACK=single). No dependencies: {@code java load-tests/queue-workers/HttpWorkers.java <base URL> <api key>
 * <queue> <jobs> [workers=8] [max=50] [batch|single]}.
 */
public final class HttpWorkers {

  // the benchmark's payloads are numbers, so these fields are the only strings named so in a reply
  private static final Pattern JOB = Pattern.compile("\"jobId\":\"([^\"]+)\"");
  private static final Pattern LEASE = Pattern.compile("\"lease\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String base = args[0] + "/api/v1/queues/" + args[2];
    String key = args[1];
    long jobs = Long.parseLong(args[3]);
    int workers = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int max = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    boolean batch = args.length <= 6 || args[6].equals("batch");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicLong done = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    AtomicLong end = new AtomicLong();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try {
          while (done.get() < jobs) {
            String reply = post(http, base + "/reserve", key,
                "{\"max\":" + max + ",\"waitMs\":1000,\"leaseMs\":60000}", 200);
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
              String acked = post(http, base + "/ack", key, body.append("]}").toString(), 200);
              requests.incrementAndGet();
              if (!acked.contains("\"conflicts\":[]")) {
                conflicts.incrementAndGet();
              }
            } else {
              for (String[] job : taken) {
                post(http, base + "/jobs/" + job[0] + "/ack", key, "{\"lease\":\"" + job[1] + "\"}", 204);
                requests.incrementAndGet();
              }
            }
            if (done.addAndGet(taken.size()) >= jobs) {
              end.compareAndSet(0, System.nanoTime()); // the others may still wait out a long-poll
            }
          }
        } catch (Exception e) {
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

  private static String post(HttpClient http, String url, String key, String body, int expected) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
