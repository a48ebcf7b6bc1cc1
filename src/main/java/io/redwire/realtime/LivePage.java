package io.redwire.realtime;

import io.redwire.http.ApiRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The live leaderboard page: {@code GET /} and its files {@code GET /assets/{file}}, read from the classpath's
 * {@code webroot/} by Vert.x Web's StaticHandler (Last-Modified and 304, HEAD, ranges, no blocking file
 * calls). Open routes like /health: the page holds no data, and it authenticates on /ws itself.
 *
 * <p>It lives with the live feed because it is that feed's client: it speaks only the /ws protocol.
 * Only the page's own files are routed, so it shadows nothing (/api, /ws, /health, /metrics and
 * /openapi.yaml are routes of their own), and an unknown asset is a plain 404.
 */
final class LivePage {

  static final String WEBROOT = "webroot";
  private static final String INDEX = "index.html";
  /** The files under webroot/assets/ (the router's 404/405 handling needs to know them). */
  static final Set<String> ASSETS = Set.of("live.js", "live.css");

  /**
   * The file names carry no version, so a browser must revalidate (a cheap 304) rather than keep an old
   * page after an upgrade.
   */
  private static final String CACHE_CONTROL = "no-cache";
  /** Only the page's own script, style and WebSocket; no inline code, no other origin, no framing. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Called on each HTTP verticle's event loop: each gets its own handler and file-properties cache. */
  void mount(ApiRoutes routes) {
    StaticHandler files = StaticHandler.create(WEBROOT)
        .setIndexPage(INDEX)
        .setAlwaysAsyncFS(true)
        .setDefaultContentEncoding(StandardCharsets.UTF_8.name());
    routes.open(HttpMethod.GET, "/", ctx -> serve(ctx, files, INDEX));
    routes.open(HttpMethod.GET, "/assets/:file", ctx -> {
      String file = ctx.pathParam("file");
      if (!ASSETS.contains(file)) {
        ctx.fail(404);
        return;
      }
      serve(ctx, files, file);
    });
  }

  private static void serve(RoutingContext ctx, StaticHandler files, String file) {
    ctx.response()
        // StaticHandler names the type only when it sends the body; HEAD should show the same headers as GET
        .putHeader("Content-Type", MimeMapping.mimeTypeForFilename(file) + ";charset=UTF-8")
        .putHeader("Cache-Control", CACHE_CONTROL)
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    files.handle(ctx);
  }
}
