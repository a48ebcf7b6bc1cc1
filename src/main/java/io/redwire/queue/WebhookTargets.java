package io.redwire.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs the webhooks handler may call: http(s) to a host of {@code REDWIRE_WEBHOOK_ALLOWED_HOSTS}, and
 * (unless {@code REDWIRE_WEBHOOK_ALLOW_PRIVATE}) only when every address the host resolves to is public, so a
 * job cannot make the server call into its own network. Checked at enqueue and again before each request.
 */
final class WebhookTargets {

  private final Vertx vertx;
  private final List<String> allowedHosts;
  private final boolean allowPrivate;

  WebhookTargets(Vertx vertx, List<String> allowedHosts, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowedHosts = allowedHosts;
    this.allowPrivate = allowPrivate;
  }

  /** Null when the URL may be called, else why not (for a 400 or a failed job). */
  Future<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return Future.succeededFuture("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return Future.succeededFuture("must be an http or https URL with a host and no user info");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!allowedHosts.contains(host)) {
      return Future.succeededFuture("host " + host + " is not in REDWIRE_WEBHOOK_ALLOWED_HOSTS");
    }
    if (allowPrivate) {
      return Future.succeededFuture(null);
    }
    // name resolution may block: off the event loop
    return vertx.executeBlocking(() -> {
      try {
        for (InetAddress address : InetAddress.getAllByName(host)) {
          if (isPrivate(address)) {
            return "host " + host + " resolves to a loopback, link-local or private address ("
                + address.getHostAddress() + "); set REDWIRE_WEBHOOK_ALLOW_PRIVATE to allow it";
          }
        }
        return null;
      } catch (UnknownHostException e) {
        return "host " + host + " does not resolve";
      }
    }, false);
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 // shared address space 100.64.0.0/10
        || (b[0] & 0xff) == 0;
  }
}
