package io.talus.driver.scheduler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the masters a framework is configured with into scheduler API endpoints. A master is {@code
 * host:port}, {@code host} (port 5050, as Mesos) or a URL {@code http://host:port[/prefix]}; a path
 * prefix is kept for masters behind a reverse proxy.
 */
final class MasterEndpoints {

  static final String SCHEDULER_PATH = "/api/v1/scheduler";
  private static final int DEFAULT_PORT = 5050;

  private MasterEndpoints() {}

  /** Parses a Mesos-style comma-separated master list, e.g. {@code "m1:5050,m2:5050"}. */
  static List<URI> parse(String masters) {
    List<String> list = new ArrayList<>();
    for (String master : masters.split(",")) {
      if (!master.isBlank()) {
        list.add(master.strip());
      }
    }
    return parse(list);
  }

  /**
   * @throws IllegalArgumentException if the list is empty or a master is not an address
   */
  static List<URI> parse(List<String> masters) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("at least one master is needed");
    }
    List<URI> endpoints = new ArrayList<>();
    for (String master : masters) {
      endpoints.add(endpoint(master));
    }
    return List.copyOf(endpoints);
  }

  private static URI endpoint(String master) {
    String text = master.strip();
    URI uri;
    try {
      uri = new URI(text.contains("://") ? text : "http://" + text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("master '" + master + "' is not host:port or a URL", e);
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "master '" + master + "' is not host:port or an http(s) URL");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String prefix = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(
        uri.getScheme() + "://" + hostForUri(uri.getHost()) + ":" + port + prefix + SCHEDULER_PATH);
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
