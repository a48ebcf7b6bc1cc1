package io.redwire.http;

import io.redwire.domain.Conflict;
import io.redwire.domain.DomainException;
import io.redwire.domain.NotFound;
import io.redwire.domain.PreconditionFailed;
import io.redwire.domain.Unavailable;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become problem documents: the routes' own {@link ProblemException}s, the
 * services' {@link DomainException}s (one status per kind), and Vert.x' status failures. Anything else is
 * a bug: logged and reported as 500.
 */
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
    if (failure instanceof DomainException d) {
      return fromDomain(ctx, d);
    }
    if (failure instanceof DecodeException) {
      return ProblemException.badRequest("body", "is not valid JSON");
    }
    int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
    if ((failure != null && !(failure instanceof HttpException)) || status == -1 || status >= 500) {
      LOG.error("{} {} failed (id={})", ctx.request().method(), safeUri(ctx), requestId(ctx), failure);
      return generic(500, "The server could not complete the request");
    }
    return switch (status) {
      case 400 -> ProblemException.badRequest("request", "is malformed");
      case 401 -> ProblemException.unauthorized("A bearer token is required");
      case 404 -> ProblemException.notFound("No resource at " + ctx.request().path());
      case 405 -> generic(405, ctx.request().method() + " is not allowed on this resource");
      case 408 -> generic(408, "The request body did not arrive in time");
      case 413 -> generic(413, "The request body exceeds the configured limit");
      case 501 -> generic(501, "The method is not one this server implements");
      case 415 -> ProblemException.unsupportedMediaType("Send application/json", Input.acceptedMediaTypes(ctx));
      default -> generic(status, "HTTP " + status);
    };
  }

  private ProblemException fromDomain(RoutingContext ctx, DomainException d) {
    String type = Problems.type(d.reason());
    if (d instanceof NotFound) {
      return new ProblemException(404, type, Problems.title(404), d.getMessage(), List.of(), Map.of());
    }
    if (d instanceof Conflict) {
      return new ProblemException(409, type, Problems.title(409), d.getMessage(), List.of(), Map.of());
    }
    if (d instanceof PreconditionFailed) {
      return new ProblemException(412, type, Problems.title(412), d.getMessage(), List.of(), Map.of());
    }
    if (d instanceof Unavailable) {
      LOG.warn("{} {} -> 503: {} (id={})", ctx.request().method(), safeUri(ctx), d.getMessage(), requestId(ctx));
      // Redis' own messages name hosts and ports; the client only needs to know it may retry
      String detail = d.reason().equals("redis-unavailable") ? "Redis is unavailable; retry shortly" : d.getMessage();
      return new ProblemException(503, type, Problems.title(503), detail, List.of(),
          Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
    LOG.error("{} {}: no status for {} (id={})", ctx.request().method(), safeUri(ctx), d.getClass().getName(),
        requestId(ctx), d);
    return generic(500, "The server could not complete the request");
  }

  /** Paths and queries may carry session and lock tokens: never log them as they came. */
  private static String safeUri(RoutingContext ctx) {
    return Redaction.uri(ctx.request().uri());
  }

  private static String requestId(RoutingContext ctx) {
    return ctx.get(RequestIds.CONTEXT_KEY);
  }

  private static ProblemException generic(int status, String detail) {
    return new ProblemException(status, "about:blank", Problems.title(status), detail, List.of(), Map.of());
  }
}
