package io.talus.driver.scheduler;

import io.talus.driver.MasterLocation;
import io.talus.driver.ProtobufHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the leading master by subscribing: any master answers SUBSCRIBE, a follower with a 307 to
 * the leader, so the leader is wherever the stream finally opens. The last leader is tried first,
 * then every configured master in order; a master that cannot be reached or answers 503 (no leader
 * yet, recovering) is skipped. Used by one thread at a time (the connector).
 */
final class LeaderResolver {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderResolver.class);
  private static final Set<Integer> FATAL_STATUSES = Set.of(400, 401, 403, 406, 415);

  /** An opened event stream at the leader. */
  record Subscription(URI endpoint, String streamId, InputStream events) {}

  private final List<URI> masters;
  private final HttpClient client;
  private final Duration requestTimeout;
  private URI lastLeader;

  LeaderResolver(List<URI> masters, HttpClient client, Duration requestTimeout) {
    this.masters = List.copyOf(masters);
    this.client = client;
    this.requestTimeout = requestTimeout;
  }

  /**
   * POSTs {@code subscribeCall} until one master opens the stream.
   *
   * @throws IOException naming every master's failure when none did
   * @throws SubscribeRejectedException when a master refused the call itself
   */
  Subscription subscribe(byte[] subscribeCall)
      throws IOException, SubscribeRejectedException, InterruptedException {
    Set<URI> candidates = new LinkedHashSet<>();
    if (lastLeader != null) {
      candidates.add(lastLeader);
    }
    candidates.addAll(masters);
    List<String> failures = new ArrayList<>();
    for (URI candidate : candidates) {
      Subscription subscription = follow(candidate, subscribeCall, failures);
      if (subscription != null) {
        lastLeader = subscription.endpoint();
        return subscription;
      }
    }
    lastLeader = null;
    throw new IOException("no master accepted SUBSCRIBE: " + String.join("; ", failures));
  }

  /** Tries one master and the redirects it hands out; null (with a reason noted) on failure. */
  private Subscription follow(URI start, byte[] call, List<String> failures)
      throws SubscribeRejectedException, InterruptedException {
    Set<URI> visited = new HashSet<>();
    URI uri = start;
    while (visited.add(uri)) {
      HttpResponse<InputStream> response;
      try {
        response =
            client.send(
                ProtobufHttp.post(uri, call, requestTimeout, Map.of()),
                HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        failures.add(uri.getAuthority() + ": " + describe(e));
        return null;
      }
      int status = response.statusCode();
      if (status == 200) {
        String streamId = response.headers().firstValue(ProtobufHttp.STREAM_ID_HEADER).orElse(null);
        if (streamId == null) {
          LOG.warn(
              "Master {} opened a stream without a {} header", uri, ProtobufHttp.STREAM_ID_HEADER);
        }
        return new Subscription(uri, streamId, response.body());
      }
      String body = ProtobufHttp.errorText(response);
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("Location").orElse(null);
        try {
          URI next = MasterLocation.resolve(uri, location);
          LOG.debug("Master {} redirected SUBSCRIBE to {}", uri, next);
          uri = next;
          continue;
        } catch (IllegalArgumentException e) {
          failures.add(uri.getAuthority() + ": unusable redirect: " + e.getMessage());
          return null;
        }
      }
      if (FATAL_STATUSES.contains(status)) {
        throw new SubscribeRejectedException(
            "Master " + uri.getAuthority() + " refused SUBSCRIBE: " + status + " " + body);
      }
      failures.add(uri.getAuthority() + ": " + status + (body.isEmpty() ? "" : " " + body));
      return null;
    }
    failures.add(start.getAuthority() + ": redirect loop through " + visited);
    return null;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
