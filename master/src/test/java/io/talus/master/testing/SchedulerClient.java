package io.talus.master.testing;

import io.talus.mesos.v1.scheduler.Protos.Call;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A scheduler that speaks the v1 scheduler API with nothing but HTTP: hand-written JSON or
 * protobuf bytes in, a RecordIO stream out. No Talus driver code, so the tests see the master as
 * any Mesos framework does.
 */
public final class SchedulerClient {

  public static final String PATH = "/api/v1/scheduler";

  private final String url;

  /** @param master a master's HTTP base URL, e.g. {@code http://127.0.0.1:5050} */
  public SchedulerClient(String master) {
    this.url = master + PATH;
  }

  private SchedulerClient(URI url) {
    this.url = url.toString();
  }

  /** A client of the scheduler endpoint at exactly this URL (another path form, a redirect's target). */
  public static SchedulerClient atUrl(String url) {
    return new SchedulerClient(URI.create(url));
  }

  public String url() {
    return url;
  }

  /** SUBSCRIBE in JSON, asking for JSON events. */
  public Subscription subscribe(String subscribeJson) {
    return subscribe(subscribeJson.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Accept", Http.JSON));
  }

  /** SUBSCRIBE in protobuf, asking for protobuf events. */
  public Subscription subscribe(Call subscribe) {
    return subscribe(subscribe.toByteArray(), Map.of("Content-Type", Http.PROTOBUF, "Accept", Http.PROTOBUF));
  }

  /** SUBSCRIBE with exactly these headers; the answer may be anything, a stream or an error. */
  public Subscription subscribe(byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    try {
      HttpResponse<InputStream> response =
          Http.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Subscription(url(), response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("SUBSCRIBE to " + url() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON call without a stream id (or with whatever headers are given). */
  public Http.Reply post(String callJson, Map<String, String> headers) {
    return Http.post(url(), callJson.getBytes(StandardCharsets.UTF_8), headers);
  }
}
