package io.talus.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain GETs of a node's HTTP API with short timeouts (a node that does not answer in a couple of
 * seconds is as good as down for a human waiting at a terminal), redirects not followed: the
 * leader is found by reading {@code /master/redirect}'s 307.
 */
public final class NodeHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private NodeHttp() {}

  /** An answer with its body. */
  public record Reply(int status, Optional<String> location, String body) {

    JsonNode json() throws IOException {
      return MAPPER.readTree(body);
    }
  }

  /** GET; an {@link IOException} when nothing answers (refused, timed out). */
  public static Reply get(String url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().firstValue("Location"), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + url, e);
    }
  }

  /** GET of a JSON document; empty when nothing answers, the answer is not a 200, or not JSON. */
  static Optional<JsonNode> json(String url) {
    try {
      Reply r = get(url);
      return r.status() == 200 ? Optional.of(r.json()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
