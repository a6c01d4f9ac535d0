package io.talus.master.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.recordio.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The answer to one SUBSCRIBE: its status and headers and, for a 200, the events of its stream as
 * they arrive. Calls made through it carry the framework id it was given and its
 * {@code Mesos-Stream-Id}, and go to the master it subscribed on.
 *
 * <p>Tests take events with {@link #await}: the first event not taken yet that matches, so an
 * unrelated event (a HEARTBEAT, an OFFERS) in between neither fails a test nor gets lost.
 */
public final class Subscription implements AutoCloseable {

  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String url;
  private final int status;
  private final HttpHeaders headers;
  private final boolean json;
  private final byte[] errorBody;
  private final RecordIoReader stream;
  private final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
  private final Set<Integer> taken = new HashSet<>();

  Subscription(String url, int status, HttpHeaders headers, InputStream body) throws IOException {
    this.url = url;
    this.status = status;
    this.headers = headers;
    this.json = headers.firstValue("Content-Type").map(t -> t.startsWith(Http.JSON)).orElse(true);
    if (status == 200) {
      this.errorBody = new byte[0];
      this.stream = RecordIoReader.start("subscription-" + url, body, this::onRecord, () -> { });
    } else {
      try (InputStream in = body) {
        this.errorBody = in.readAllBytes();
      }
      this.stream = null;
    }
  }

  private void onRecord(byte[] record) {
    Event.Builder event = Event.newBuilder();
    JsonNode tree = null;
    try {
      if (json) {
        tree = Http.MAPPER.readTree(record);
        JSON_PARSER.merge(new String(record, StandardCharsets.UTF_8), event);
      } else {
        event.mergeFrom(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("undecodable event: " + new String(record, StandardCharsets.UTF_8), e);
    }
    events.add(new ReceivedEvent(event.buildPartial(), record, tree, System.nanoTime()));
  }

  public int status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The body of a non-200 answer. */
  public String errorText() {
    return new String(errorBody, StandardCharsets.UTF_8);
  }

  public String url() {
    return url;
  }

  public String streamId() {
    return headers.firstValue("Mesos-Stream-Id").orElseThrow(() ->
        new IllegalStateException("no Mesos-Stream-Id in " + headers.map()));
  }

  /** The framework id SUBSCRIBED gave (waits for it). */
  public String frameworkId() {
    return events.isEmpty() || events.get(0).type() != Event.Type.SUBSCRIBED
        ? await(Event.Type.SUBSCRIBED, Duration.ofSeconds(10)).event().getSubscribed().getFrameworkId().getValue()
        : events.get(0).event().getSubscribed().getFrameworkId().getValue();
  }

  /** Every event so far, in arrival order. */
  public List<ReceivedEvent> events() {
    return List.copyOf(events);
  }

  /** Waits for the first event not taken yet that matches, and takes it. */
  public ReceivedEvent await(String what, Predicate<Event> matches, Duration timeout) {
    return org.awaitility.Awaitility.await(what + " on " + url)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> take(matches), Optional::isPresent)
        .orElseThrow();
  }

  public ReceivedEvent await(Event.Type type, Duration timeout) {
    return await(type.name(), e -> e.getType() == type, timeout);
  }

  /** Takes the first matching event not taken yet, if there is one. */
  public synchronized Optional<ReceivedEvent> take(Predicate<Event> matches) {
    for (int i = 0; i < events.size(); i++) {
      if (!taken.contains(i) && matches.test(events.get(i).event())) {
        taken.add(i);
        return Optional.of(events.get(i));
      }
    }
    return Optional.empty();
  }

  /** Events not taken yet that match. */
  public synchronized List<ReceivedEvent> pending(Predicate<Event> matches) {
    List<ReceivedEvent> out = new java.util.ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (!taken.contains(i) && matches.test(events.get(i).event())) {
        out.add(events.get(i));
      }
    }
    return out;
  }

  /** Checks that no event not taken yet matches, during all of {@code during}. */
  public void expectNone(String what, Predicate<Event> matches, Duration during) {
    org.awaitility.Awaitility.await("no " + what + " on " + url)
        .during(during)
        .atMost(during.plusSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> pending(matches).isEmpty());
  }

  /** Whether the master ended the stream (or the connection broke). */
  public boolean ended() {
    return stream == null || stream.ended();
  }

  public void awaitEnd(Duration timeout) {
    org.awaitility.Awaitility.await("end of the stream " + url).atMost(timeout).until(this::ended);
  }

  // ---- calls on this subscription ----

  /** POSTs a JSON call with this subscription's stream id. */
  public Http.Reply call(String callJson) {
    return Http.post(url, callJson.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Mesos-Stream-Id", streamId()));
  }

  /** POSTs a protobuf call with this subscription's stream id. */
  public Http.Reply call(Call call) {
    return Http.post(url, call.toByteArray(),
        Map.of("Content-Type", Http.PROTOBUF, "Mesos-Stream-Id", streamId()));
  }

  /** POSTs a JSON call that must be accepted (202). */
  public void accepted(String callJson) {
    Http.Reply r = call(callJson);
    if (r.status() != 202) {
      throw new AssertionError("expected 202 for " + callJson + " but got " + r);
    }
  }

  /** ACKNOWLEDGE of an UPDATE event that carries a uuid. */
  public void acknowledge(ReceivedEvent update) {
    accepted(CallJson.acknowledge(frameworkId(), update.status().getAgentId().getValue(),
        update.status().getTaskId().getValue(), update.uuidBase64()));
  }

  // ---- matchers ----

  public static Predicate<Event> offersFrom(String agentId) {
    return e -> e.getType() == Event.Type.OFFERS
        && e.getOffers().getOffersList().stream().anyMatch(o -> o.getAgentId().getValue().equals(agentId));
  }

  public static Predicate<Event> update(String taskId, TaskState state) {
    return e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == state;
  }

  public static Predicate<Event> update(String taskId) {
    return e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId);
  }

  /** Breaks the connection, as a scheduler that dies does. */
  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
