package io.talus.master.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP/1.1 as any Mesos client speaks it, with {@link java.net.http.HttpClient}: no
 * redirects followed (tests look at the 307s), nothing Talus-specific.
 */
public final class Http {

  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private Http() {}

  public static HttpClient client() {
    return CLIENT;
  }

  /** A finished exchange with its body read. */
  public record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
      }
    }

    @Override
    public String toString() {
      return "Reply[" + status + " " + headers.map() + " " + text() + "]";
    }
  }

  public static Reply get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(10)).build());
  }

  public static Reply post(String url, String contentType, byte[] body) {
    return post(url, body, contentType == null ? Map.of() : Map.of("Content-Type", contentType));
  }

  public static Reply postJson(String url, String json) {
    return post(url, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** POST with exactly these headers (none added but what HTTP itself needs). */
  public static Reply post(String url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return send(request.build());
  }

  public static Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Resolves a scheme-less {@code Location} such as {@code //127.0.0.1:5050/api/v1/scheduler}
   * against the scheme of the request that got it, as browsers and Mesos's libraries do.
   */
  public static String resolveLocation(String requestUrl, String location) {
    return URI.create(requestUrl).resolve(location).toString();
  }

  /**
   * The leading master's base URL as Mesos clients find it: {@code GET /master/redirect} on the
   * first master that answers 307.
   */
  public static Optional<String> leaderFrom(List<String> masters) {
    for (String master : masters) {
      try {
        Reply r = get(master + "/master/redirect");
        if (r.status() == 307 && r.header("Location").isPresent()) {
          return Optional.of(resolveLocation(master, r.header("Location").get()));
        }
      } catch (UncheckedIOException e) {
        // that master is down: try the next one
      }
    }
    return Optional.empty();
  }
}
