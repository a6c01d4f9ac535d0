package io.talus.driver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Follows a master's redirect. A non-leading master answers 307 with a {@code Location} that Mesos
 * writes scheme-less ({@code //host:port/api/v1/scheduler}) so the client keeps its own scheme;
 * other servers and proxies may send an absolute URL or a relative path. All three are resolved
 * against the URI of the request that was redirected (RFC 3986, section 5.2).
 */
public final class MasterLocation {

  private MasterLocation() {}

  /**
   * The absolute URI a {@code Location} header points at.
   *
   * @param requestUri the absolute URI of the redirected request
   * @param location the header's value
   * @throws IllegalArgumentException if the request URI is not absolute, or the location is
   *     empty or not a URI reference
   */
  public static URI resolve(URI requestUri, String location) {
    Objects.requireNonNull(requestUri, "requestUri");
    if (!requestUri.isAbsolute() || requestUri.getHost() == null) {
      throw new IllegalArgumentException(
          "request URI must be absolute with a host, got '" + requestUri + "'");
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("redirect without a Location");
    }
    URI reference;
    try {
      reference = new URI(location.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "redirect Location '" + location + "' is not a URI: " + e.getReason(), e);
    }
    if (reference.isAbsolute()) {
      if (reference.getHost() == null) {
        throw new IllegalArgumentException("redirect Location '" + location + "' has no host");
      }
      return reference;
    }
    if (reference.getRawAuthority() == null
        && reference.getRawPath().isEmpty()
        && reference.getRawQuery() != null) {
      // java.net.URI follows RFC 2396 here and drops the last path segment; RFC 3986 keeps it.
      String base = withPath(requestUri).toString().replaceFirst("[?#].*$", "");
      return URI.create(base + "?" + reference.getRawQuery());
    }
    return withPath(requestUri).resolve(reference);
  }

  /**
   * {@link URI#resolve} mis-merges a relative path against a base without a path ({@code
   * http://h} + {@code x} gives {@code http://hx}); an empty path means {@code /} (RFC 3986,
   * section 5.2.3).
   */
  private static URI withPath(URI base) {
    String path = base.getRawPath();
    if (path != null && !path.isEmpty()) {
      return base;
    }
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + "/"
            + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery()));
  }
}
