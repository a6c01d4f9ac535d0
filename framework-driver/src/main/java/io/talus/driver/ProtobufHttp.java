package io.talus.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP both drivers speak: protobuf calls POSTed over HTTP/1.1, redirects left to the caller (a
 * master's 307 means "the leader is elsewhere", which the scheduler driver must notice rather than
 * have followed silently).
 */
public final class ProtobufHttp {

  public static final String PROTOBUF = "application/x-protobuf";
  public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";

  /** Error bodies are short text; more than this is cut, it only goes into a log line. */
  private static final int MAX_ERROR_BODY_BYTES = 4096;

  private ProtobufHttp() {}

  public static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  /**
   * A protobuf POST. The timeout bounds the wait for the response head only, so it suits event
   * streams as well as calls.
   */
  public static HttpRequest post(
      URI uri, byte[] body, Duration timeout, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", PROTOBUF)
            .header("Accept", PROTOBUF)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return request.build();
  }

  /** Reads the start of an error response's body as text and closes the stream. */
  public static String errorText(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_ERROR_BODY_BYTES);
      return new String(bytes, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(body unreadable: " + e.getMessage() + ")";
    }
  }

  /** Closes a body, ignoring errors: the connection is being dropped anyway. */
  public static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }
}
