package io.talus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.protocol.recordio.RecordIo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private final AtomicReference<EventStream> stream = new AtomicReference<>();
  private final AtomicInteger closeCallbacks = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachRecordArrivesAsExactlyOneChunkInOrder() throws Exception {
    List<byte[]> payloads = new ArrayList<>();
    payloads.add("{\"type\":\"SUBSCRIBED\"}".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 200; i++) {
      String heartbeat = "{\"type\":\"HEARTBEAT\",\"n\":" + "7".repeat(i * 37) + "}";
      payloads.add(heartbeat.getBytes(StandardCharsets.UTF_8));
    }
    startStreamingServer(
        HttpServerConfig.of("127.0.0.1", 0, "stream"),
        opened -> opened.sendRecord(payloads.get(0)));

    try (RawHttpConnection client = RawHttpConnection.open(server.address())) {
      client.send("POST /api/v1/scheduler HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response head = client.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Transfer-Encoding")).hasValue("chunked");
      assertThat(head.header("Content-Type")).hasValue("application/json");
      assertThat(head.header("Mesos-Stream-Id")).hasValue("stream-1");
      assertThat(head.header("Content-Length")).isEmpty();

      // The rest come from another thread, after the handler returned.
      eventually().until(() -> stream.get() != null);
      for (byte[] payload : payloads.subList(1, payloads.size())) {
        assertThat(stream.get().sendRecord(payload)).isTrue();
      }
      stream.get().close();

      List<byte[]> chunks = new ArrayList<>();
      byte[] chunk;
      while ((chunk = client.readChunk()) != null) {
        chunks.add(chunk);
      }
      assertThat(chunks).hasSameSizeAs(payloads);
      for (int i = 0; i < payloads.size(); i++) {
        assertThat(chunks.get(i)).as("chunk %d", i).isEqualTo(RecordIo.encode(payloads.get(i)));
      }
      assertThat(client.serverClosed()).isTrue();
    }
  }

  @Test
  void onCloseRunsOnceWhenTheClientGoesAway() throws Exception {
    startStreamingServer(HttpServerConfig.of("127.0.0.1", 0, "stream"), opened -> {});

    try (RawHttpConnection client = RawHttpConnection.open(server.address())) {
      client.send("GET /api/v1 HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(client.readHead().status()).isEqualTo(200);
      eventually().until(() -> stream.get() != null);
      assertThat(stream.get().isOpen()).isTrue();
    }

    eventually().until(() -> closeCallbacks.get() == 1);
    assertThat(stream.get().isOpen()).isFalse();
    assertThat(stream.get().sendRecord(new byte[] {1})).isFalse();
    stream.get().close();
    assertThat(closeCallbacks).hasValue(1);
  }

  @Test
  void serverCloseEndsOpenStreamsBeforeReturning() throws Exception {
    startStreamingServer(HttpServerConfig.of("127.0.0.1", 0, "stream"), opened -> {});

    try (RawHttpConnection client = RawHttpConnection.open(server.address())) {
      client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(client.readHead().status()).isEqualTo(200);
      eventually().until(() -> stream.get() != null);

      server.close();

      assertThat(closeCallbacks).hasValue(1);
      assertThat(stream.get().isOpen()).isFalse();
      assertThat(client.serverClosed()).isTrue();
    }
  }

  @Test
  void closeEndsTheResponseAndLaterCallsDoNothing() throws Exception {
    startStreamingServer(HttpServerConfig.of("127.0.0.1", 0, "stream"), opened -> {});

    try (RawHttpConnection client = RawHttpConnection.open(server.address())) {
      client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(client.readHead().status()).isEqualTo(200);
      eventually().until(() -> stream.get() != null);
      EventStream opened = stream.get();

      opened.close();
      opened.close();

      assertThat(closeCallbacks).hasValue(1);
      assertThat(opened.isOpen()).isFalse();
      assertThat(opened.sendRecord("late".getBytes(StandardCharsets.UTF_8))).isFalse();
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      opened.onClose(() -> ranOn.set(Thread.currentThread()));
      assertThat(ranOn.get()).isSameAs(Thread.currentThread());
      assertThat(client.readChunk()).isNull();
      assertThat(client.serverClosed()).isTrue();
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedAsASlowConsumer() throws Exception {
    long maxPending = 256 * 1024;
    startStreamingServer(
        HttpServerConfig.of("127.0.0.1", 0, "stream").withMaxPendingStreamBytes(maxPending),
        opened -> {});
    byte[] payload = new byte[64 * 1024];

    try (RawHttpConnection client = RawHttpConnection.open(server.address(), 4096)) {
      client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(client.readHead().status()).isEqualTo(200);
      eventually().until(() -> stream.get() != null);

      // The client reads nothing more; socket buffers fill, then the stream's own queue.
      int accepted = 0;
      while (accepted < 2_000 && stream.get().sendRecord(payload)) {
        accepted++;
      }

      assertThat(accepted).isLessThan(2_000);
      assertThat(stream.get().isOpen()).isFalse();
      assertThat(closeCallbacks).hasValue(1);
    }
  }

  @Test
  void aStreamIsTheOneResponseToItsRequest() throws Exception {
    AtomicReference<Throwable> secondAttempt = new AtomicReference<>();
    server =
        HttpServer.start(
            HttpServerConfig.of("127.0.0.1", 0, "stream"),
            (request, responder) -> {
              EventStream opened = responder.stream("application/x-protobuf", Map.of());
              try {
                responder.respondText(500, "too late");
              } catch (IllegalStateException e) {
                secondAttempt.set(e);
              }
              opened.close();
            });

    try (RawHttpConnection client = RawHttpConnection.open(server.address())) {
      client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response response = client.readResponse();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Type")).hasValue("application/x-protobuf");
      assertThat(response.chunks()).isEmpty();
    }
    assertThat(secondAttempt.get()).isInstanceOf(IllegalStateException.class);
  }

  /** Serves every request with a stream, published to {@link #stream} after {@code whenOpen}. */
  private void startStreamingServer(HttpServerConfig config, Consumer<EventStream> whenOpen)
      throws IOException {
    server =
        HttpServer.start(
            config,
            (request, responder) -> {
              EventStream opened =
                  responder.stream("application/json", Map.of("Mesos-Stream-Id", "stream-1"));
              opened.onClose(closeCallbacks::incrementAndGet);
              whenOpen.accept(opened);
              stream.set(opened);
            });
  }

  /** Awaitility polling often enough that waiting costs milliseconds, not its default 100. */
  private static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }
}
