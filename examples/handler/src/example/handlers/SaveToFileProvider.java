package example.handlers;

import io.redwire.queue.spi.HandlerContext;
import io.redwire.queue.spi.Job;
import io.redwire.queue.spi.JobHandler;
import io.redwire.queue.spi.JobHandlerProvider;
import io.redwire.queue.spi.PermanentJobFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * An example Java job handler, {@code save-to-file}: writes each job's payload (a JSON object) to
 * {@code <dir>/<queue>/<jobId>.json}, where {@code dir} is its setting
 * ({@code REDWIRE_QUEUE_HANDLER_SETTINGS=save-to-file.dir=/var/lib/jobs}).
 *
 * <p>Idempotent the simple way: a job delivered again (its replica died before the ack) writes the same
 * file again. File I/O goes through Vert.x' asynchronous file system, so the worker's event loop never
 * blocks. A payload that is not an object can never succeed: the job fails at once, without retries.
 */
public final class SaveToFileProvider implements JobHandlerProvider {

  @Override
  public String name() {
    return "save-to-file";
  }

  @Override
  public JobHandler create(HandlerContext context) {
    String dir = context.setting("dir", null);
    if (dir == null) {
      throw new IllegalArgumentException("save-to-file needs REDWIRE_QUEUE_HANDLER_SETTINGS=save-to-file.dir=<directory>");
    }
    return new SaveToFile(context.vertx(), dir + "/" + context.queue());
  }

  private record SaveToFile(Vertx vertx, String dir) implements JobHandler {

    @Override
    public Future<Void> handle(Job job) {
      if (!(job.payload() instanceof JsonObject payload)) {
        return Future.failedFuture(new PermanentJobFailure("save-to-file takes a JSON object payload"));
      }
      Buffer content = new JsonObject().put("jobId", job.id()).put("attempts", job.attempts())
          .put("payload", payload).toBuffer();
      return vertx.fileSystem().mkdirs(dir)
          .compose(v -> vertx.fileSystem().writeFile(dir + "/" + job.id() + ".json", content));
    }
  }
}
