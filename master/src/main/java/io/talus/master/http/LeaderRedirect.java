package io.talus.master.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * The {@code Location} a master puts in a 307 that sends a client to the leader.
 *
 * <p>Mesos writes it scheme-less, {@code //host:port/path?query}, so that the client keeps the
 * scheme it used; scheduler libraries (and our driver) resolve it against their request URI.
 * {@code GET /master/redirect} answers with just {@code //host:port}. Built once per known leader
 * from the HTTP endpoint the leader advertises in gossip, e.g. {@code http://127.0.0.1:5050}.
 */
public final class LeaderRedirect {

  private final String authority;

  private LeaderRedirect(String authority) {
    this.authority = authority;
  }

  /**
   * Parses the leader's advertised HTTP endpoint: an {@code http} or {@code https} URL with a
   * host, an optional port (the scheme's default if absent) and no path beyond {@code /}.
   *
   * @throws IllegalArgumentException naming the endpoint and what is wrong with it
   */
  public static LeaderRedirect toLeaderAt(String leaderHttpEndpoint) {
    Objects.requireNonNull(leaderHttpEndpoint, "leaderHttpEndpoint");
    URI uri;
    try {
      uri = new URI(leaderHttpEndpoint.trim());
    } catch (URISyntaxException e) {
      throw malformed(leaderHttpEndpoint, e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw malformed(leaderHttpEndpoint, "scheme must be http or https");
    }
    if (uri.getHost() == null) {
      throw malformed(leaderHttpEndpoint, "no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw malformed(leaderHttpEndpoint, "user info is not allowed");
    }
    String path = uri.getRawPath();
    if (!(path == null || path.isEmpty() || path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw malformed(leaderHttpEndpoint, "must be a base URL without path, query or fragment");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
    // getHost() keeps the brackets of an IPv6 literal, which a Location needs.
    return new LeaderRedirect(uri.getHost() + ":" + port);
  }

  /**
   * The Location for a request that must be served by the leader: the leader's host and port
   * followed by the request's own path and query, e.g. {@code //10.0.0.2:5050/api/v1/scheduler}.
   *
   * @param requestPathAndQuery the request target as received, starting with {@code /}
   */
  public String locationFor(String requestPathAndQuery) {
    Objects.requireNonNull(requestPathAndQuery, "requestPathAndQuery");
    if (!requestPathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException(
          "request path must start with '/', got '" + requestPathAndQuery + "'");
    }
    return "//" + authority + requestPathAndQuery;
  }

  /** The Location for {@code GET /master/redirect}: the leader's host and port only. */
  public String masterRedirectLocation() {
    return "//" + authority;
  }

  /** The leader's {@code host:port}. */
  public String authority() {
    return authority;
  }

  private static IllegalArgumentException malformed(String endpoint, String why) {
    return new IllegalArgumentException(
        "malformed leader HTTP endpoint '" + endpoint + "': " + why);
  }

  @Override
  public String toString() {
    return "LeaderRedirect[" + authority + "]";
  }
}
