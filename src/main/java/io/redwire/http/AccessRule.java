package io.redwire.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Who may call an API route, checked after the API filters (authentication, rate limit) ran. It throws a
 * {@link ProblemException} (401, 403) to refuse. The rules themselves live in {@code auth}.
 */
public interface AccessRule {
  void check(RoutingContext ctx);
}
