package io.redwire.queue;

import io.redwire.auth.Access;
import io.redwire.http.ApiRoutes;
import io.redwire.http.Input;
import io.redwire.http.Replies;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * POST /api/v1/queues/{queue}/ack {@code {"jobs": [{"jobId", "lease"}, ...]}}: an HTTP worker acks up to
 * {@link AckBatcher#MAX_PER_SCRIPT} jobs in one request and one script (a reserve of 50 then costs two
 * requests, not 51). Each job is acked on its own terms: 200 {@code {"acked": n, "conflicts": [jobId...]}},
 * where a conflict is a wrong or expired lease (that job is unchanged and may be delivered again).
 */
final class BatchAckRoutes {

  private static final Set<String> FIELDS = Set.of("jobs");
  private static final Set<String> JOB_FIELDS = Set.of("jobId", "lease");

  private final QueueService jobs;

  BatchAckRoutes(QueueService jobs) {
    this.jobs = jobs;
  }

  void mount(ApiRoutes api) {
    api.api("/queues").route(HttpMethod.POST, "/:queue/ack", Access.SERVICE, this::ack);
  }

  private void ack(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Input in = Input.check().onlyFields(body, FIELDS);
    String queue = in.pathName(ctx, "queue");
    List<QueueService.Lease> leases = new ArrayList<>();
    Object list = body.getValue("jobs");
    if (!(list instanceof JsonArray array) || array.isEmpty() || array.size() > AckBatcher.MAX_PER_SCRIPT) {
      in.fail("jobs", "must be an array of 1-" + AckBatcher.MAX_PER_SCRIPT + " {\"jobId\", \"lease\"} objects");
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        String field = "jobs[" + i + "]";
        if (!(array.getValue(i) instanceof JsonObject job)) {
          in.fail(field, "must be a {\"jobId\", \"lease\"} object");
          continue;
        }
        for (String name : job.fieldNames()) {
          if (!JOB_FIELDS.contains(name)) {
            in.fail(field + "." + name, "is not a known field");
          }
        }
        Object id = job.getValue("jobId");
        Object lease = job.getValue("lease");
        if (!(id instanceof String s) || !in.isValidName(s)) {
          in.fail(field + ".jobId", "must be " + Input.NAME_RULE);
        } else if (!seen.add(s)) {
          in.fail(field + ".jobId", "appears more than once");
        } else if (!(lease instanceof String l) || l.isEmpty() || l.length() > QueueRoutes.MAX_LEASE_LENGTH) {
          in.fail(field + ".lease", "is required: the lease token of the reserve, 1-" + QueueRoutes.MAX_LEASE_LENGTH
              + " characters");
        } else {
          leases.add(new QueueService.Lease(s, l));
        }
      }
    }
    in.done();
    Replies.json(ctx, 200, jobs.ack(queue, leases).map(acked -> {
      JsonArray conflicts = new JsonArray();
      for (int i = 0; i < acked.size(); i++) {
        if (!acked.get(i)) {
          conflicts.add(leases.get(i).id());
        }
      }
      return new JsonObject().put("acked", acked.size() - conflicts.size()).put("conflicts", conflicts);
    }));
  }
}
