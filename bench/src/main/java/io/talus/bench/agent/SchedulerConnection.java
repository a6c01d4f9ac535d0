package io.talus.bench.agent;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.json.MesosJsonException;
import io.talus.protocol.recordio.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A v1 scheduler subscription over plain HTTP/1.1 and JSON, as any Mesos framework speaks it: one
 * long SUBSCRIBE response carrying RecordIO events, and every other call a POST with the stream id
 * that answers 202.
 *
 * <p>Calls go out on a few threads of their own so that acknowledgements, which gate each task's
 * next update at the agent, never wait behind one another or block the event reader; a few
 * threads keep the client to a few kept-alive connections.
 */
final class SchedulerConnection implements AutoCloseable {

  static final String PATH = "/api/v1/scheduler";
  private static final String JSON = "application/json";
  private static final String STREAM_ID = "Mesos-Stream-Id";
  private static final int CALL_THREADS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI url;
  private final String streamId;
  private final FrameworkID frameworkId;
  private final RecordIoReader reader;
  private final ExecutorService callers;

  private SchedulerConnection(HttpClient http, URI url, String streamId, FrameworkID frameworkId,
      RecordIoReader reader) {
    this.http = http;
    this.url = url;
    this.streamId = streamId;
    this.frameworkId = frameworkId;
    this.reader = reader;
    this.callers = Executors.newFixedThreadPool(CALL_THREADS, r -> {
      Thread t = new Thread(r, "bench-scheduler-call");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Subscribes a new framework at {@code master} (the leader's base URL) and returns once
   * SUBSCRIBED arrived. Every event after it goes to {@code onEvent} on the reader thread; {@code
   * onEnd} runs once when the stream ends.
   */
  static SchedulerConnection subscribe(String master, FrameworkInfo framework, Consumer<Event> onEvent,
      Runnable onEnd) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    URI url = URI.create(master + PATH);
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(framework)).build();
    HttpRequest request = HttpRequest.newBuilder(url)
        .header("Content-Type", JSON).header("Accept", JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printBytes(subscribe)))
        .build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      throw new IOException("SUBSCRIBE to " + url + " answered " + response.statusCode() + ": " + body);
    }
    String streamId = response.headers().firstValue(STREAM_ID)
        .orElseThrow(() -> new IOException("SUBSCRIBE answered without a " + STREAM_ID + " header"));

    AtomicReference<FrameworkID> subscribed = new AtomicReference<>();
    CountDownLatch gotSubscribed = new CountDownLatch(1);
    RecordIoReader reader = RecordIoReader.start("bench-scheduler-events", response.body(), record -> {
      Event event = parse(record);
      if (event.getType() == Event.Type.SUBSCRIBED && subscribed.get() == null) {
        subscribed.set(event.getSubscribed().getFrameworkId());
        gotSubscribed.countDown();
      } else {
        onEvent.accept(event);
      }
    }, () -> {
      gotSubscribed.countDown();
      onEnd.run();
    });
    if (!gotSubscribed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || subscribed.get() == null) {
      reader.close();
      throw new IOException("no SUBSCRIBED event from " + url
          + reader.failure().map(f -> ": " + f).orElse(""));
    }
    return new SchedulerConnection(http, url, streamId, subscribed.get(), reader);
  }

  private static Event parse(byte[] record) {
    try {
      return MesosJson.parse(record, Event.getDefaultInstance());
    } catch (MesosJsonException e) {
      throw new IllegalStateException("the master sent an event that is not an Event: " + e.getMessage(), e);
    }
  }

  FrameworkID frameworkId() {
    return frameworkId;
  }

  /** Sends {@code call} (its framework id filled in) on a call thread; fails unless answered 202. */
  CompletableFuture<Void> send(Call.Builder call) {
    Call c = call.setFrameworkId(frameworkId).build();
    return CompletableFuture.runAsync(() -> post(c), callers);
  }

  private void post(Call call) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .header("Content-Type", JSON).header(STREAM_ID, streamId)
        .timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printBytes(call)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(call.getType() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(call.getType() + " interrupted", e);
    }
    if (response.statusCode() != 202) {
      throw new IllegalStateException(call.getType() + " answered " + response.statusCode() + ": "
          + response.body());
    }
  }

  /** Ends the subscription (the framework stays registered until TEARDOWN or its failover timeout). */
  @Override
  public void close() {
    reader.close();
    callers.shutdownNow();
  }
}
