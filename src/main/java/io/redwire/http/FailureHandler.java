package io.redwire.http;

import io.redwire.redis.RedisUnavailableException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become problem documents. Unexpected ones are logged and reported as 500. */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final int retryAfterSeconds;

  public FailureHandler(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Problems.write(ctx, toProblem(ctx));
  }

  ProblemException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException p) {
      return p;
    }
    if (failure instanceof RedisUnavailableException e) {
      LOG.warn("{} {} -> 503: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
      return new ProblemException(503, Problems.type("redis-unavailable"), "Service unavailable",
          "Redis is unavailable; retry shortly", List.of(),
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
    if (failure instanceof DecodeException) {
      return ProblemException.badRequest("body", "is not valid JSON");
    }
    int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
    if (failure instanceof ErrorType || status == -1 || status >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      return generic(500, "Internal server error", "The server could not complete the request");
    }
    return switch (status) {
      case 400 -> ProblemException.badRequest("request", "is malformed");
      case 401 -> ProblemException.unauthorized("A bearer token is required");
      case 404 -> ProblemException.notFound("No resource at " + ctx.request().path());
      case 405 -> generic(405, "Method not allowed", ctx.request().method() + " is not allowed on this resource");
      case 413 -> generic(413, "Payload too large", "The request body exceeds the configured limit");
      case 415 -> ProblemException.unsupportedMediaType("Send application/json");
      default -> generic(status, "Request failed", "HTTP " + status);
    };
  }

  private static ProblemException generic(int status, String title, String detail) {
    return new ProblemException(status, "about:blank", title, detail, List.of(), Map.of());
  }
}
