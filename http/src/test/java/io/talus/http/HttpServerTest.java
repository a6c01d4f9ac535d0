package io.talus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {

  private static final int MAX_BODY = 64 * 1024;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static HttpServer server;

  /** Each test sets the handler it needs; the server outlives the tests. */
  private static volatile HttpHandler handler;

  @BeforeAll
  static void startServer() throws IOException {
    server =
        HttpServer.start(
            HttpServerConfig.of("127.0.0.1", 0, "test").withMaxRequestBodyBytes(MAX_BODY),
            (request, responder) -> handler.handle(request, responder));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void echoPathByDefault() {
    handler = (request, responder) -> responder.respondText(200, request.path());
  }

  @Test
  void respondSendsStatusBodyHeadersAndContentLength() throws Exception {
    byte[] body = "{\"type\":\"SUBSCRIBED\"}".getBytes(StandardCharsets.UTF_8);
    handler =
        (request, responder) ->
            responder.respond(201, "application/json", body, Map.of("Mesos-Stream-Id", "s-1"));

    HttpResponse<byte[]> response = CLIENT.send(get("/x"), BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo(body);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Mesos-Stream-Id")).hasValue("s-1");
    assertThat(response.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(body.length));
  }

  @Test
  void respondTextIsUtf8PlainText() throws Exception {
    handler = (request, responder) -> responder.respondText(400, "Schlüssel fehlt");

    HttpResponse<byte[]> response = CLIENT.send(get("/"), BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("Schlüssel fehlt".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void redirectIs307WithLocationAndNoBody() throws Exception {
    handler = (request, responder) -> responder.redirect("//10.0.0.2:5050" + request.uri());

    HttpResponse<String> response =
        CLIENT.send(get("/api/v1/scheduler?a=b"), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(307);
    assertThat(response.headers().firstValue("Location"))
        .hasValue("//10.0.0.2:5050/api/v1/scheduler?a=b");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void respondEmptyHasZeroContentLengthAndNoContentType() throws Exception {
    handler = (request, responder) -> responder.respondEmpty(202);

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("POST /api/v1/scheduler HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(202);
      assertThat(response.header("Content-Length")).hasValue("0");
      assertThat(response.header("Content-Type")).isEmpty();
    }
  }

  @Test
  void handlerMayRespondFromAnotherThreadAfterReturning() throws Exception {
    AtomicReference<HttpResponder> parked = new AtomicReference<>();
    handler = (request, responder) -> parked.set(responder);

    CompletableFuture<HttpResponse<String>> response =
        CLIENT.sendAsync(get("/later"), BodyHandlers.ofString());
    eventually().until(() -> parked.get() != null);
    assertThat(response).isNotDone();
    parked.get().respondText(200, "answered by " + Thread.currentThread().getName());

    assertThat(response.get(5, TimeUnit.SECONDS).body())
        .isEqualTo("answered by " + Thread.currentThread().getName());
  }

  @Test
  void handlerExceptionBecomes500WithItsMessage() throws Exception {
    handler =
        (request, responder) -> {
          throw new IllegalStateException("registry unavailable");
        };

    HttpResponse<String> response = CLIENT.send(get("/fail"), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("registry unavailable");
  }

  @Test
  void secondResponseIsRefused() throws Exception {
    AtomicReference<Throwable> secondAttempt = new AtomicReference<>();
    handler =
        (request, responder) -> {
          responder.respondText(200, "first");
          try {
            responder.respondEmpty(202);
          } catch (IllegalStateException e) {
            secondAttempt.set(e);
          }
        };

    HttpResponse<String> response = CLIENT.send(get("/twice"), BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("first");
    assertThat(secondAttempt.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /twice");
  }

  @Test
  void requestExposesMethodTargetDecodedPathQueryHeadersBodyAndPeer() throws Exception {
    AtomicReference<HttpRequest> seen = new AtomicReference<>();
    handler =
        (request, responder) -> {
          seen.set(request);
          responder.respondEmpty(200);
        };

    CLIENT.send(
        java.net.http.HttpRequest.newBuilder(
                uri("/slave(1)/files%20x/read?path=%2Ftmp%2Fa%20b&offset=1&offset=2"))
            .header("X-Talus-Test", "yes")
            .method("PATCH", BodyPublishers.ofString("payload"))
            .build(),
        BodyHandlers.discarding());

    HttpRequest request = seen.get();
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.uri())
        .isEqualTo("/slave(1)/files%20x/read?path=%2Ftmp%2Fa%20b&offset=1&offset=2");
    assertThat(request.path()).isEqualTo("/slave(1)/files x/read");
    assertThat(request.queryParameters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("path", List.of("/tmp/a b"), "offset", List.of("1", "2")));
    assertThat(request.header("x-talus-test")).hasValue("yes");
    assertThat(request.header("X-Missing")).isEmpty();
    assertThat(request.body()).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
    assertThat(request.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void absoluteFormTargetIsRoutedByItsPath() throws Exception {
    AtomicReference<HttpRequest> seen = new AtomicReference<>();
    handler =
        (request, responder) -> {
          seen.set(request);
          responder.respondEmpty(200);
        };

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send(
          "GET http://master.example:5050/master/state?jsonp=f HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(connection.readResponse().status()).isEqualTo(200);
    }
    assertThat(seen.get().uri()).isEqualTo("http://master.example:5050/master/state?jsonp=f");
    assertThat(seen.get().path()).isEqualTo("/master/state");
    assertThat(seen.get().queryParameters()).isEqualTo(Map.of("jsonp", List.of("f")));
  }

  @Test
  void malformedPercentEncodingGets400AndTheConnectionStaysUsable() throws Exception {
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("GET /files/%zz HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response refused = connection.readResponse();
      connection.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response next = connection.readResponse();

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.bodyText()).startsWith("Malformed request URI");
      assertThat(next.bodyText()).isEqualTo("/next");
    }
  }

  @Test
  void keepAliveServesSequentialRequestsOnOneConnection() throws Exception {
    List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    handler =
        (request, responder) -> {
          clientPorts.add(request.remoteAddress().getPort());
          responder.respondText(200, request.path());
        };

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response first = connection.readResponse();
      connection.send("GET /two HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpConnection.Response second = connection.readResponse();

      assertThat(first.bodyText()).isEqualTo("/one");
      assertThat(first.header("Connection")).isEmpty();
      assertThat(second.bodyText()).isEqualTo("/two");
    }
    assertThat(clientPorts).hasSize(2);
    assertThat(clientPorts.get(0)).isEqualTo(clientPorts.get(1));
  }

  @Test
  void pipelinedResponsesKeepRequestOrderWhenTheFirstAnswersLater() throws Exception {
    AtomicReference<HttpResponder> slow = new AtomicReference<>();
    handler =
        (request, responder) -> {
          if (request.path().equals("/slow")) {
            slow.set(responder);
          } else {
            responder.respondText(200, "fast");
          }
        };

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
      eventually().until(() -> slow.get() != null);
      slow.get().respondText(200, "slow");

      assertThat(connection.readResponse().bodyText()).isEqualTo("slow");
      assertThat(connection.readResponse().bodyText()).isEqualTo("fast");
    }
  }

  @Test
  void http10ConnectionClosesAfterTheResponse() throws Exception {
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("GET /old HTTP/1.0\r\n\r\n");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.bodyText()).isEqualTo("/old");
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(connection.serverClosed()).isTrue();
    }
  }

  @Test
  void chunkedRequestBodyIsAggregated() throws Exception {
    handler =
        (request, responder) ->
            responder.respond(200, "application/octet-stream", request.body(), Map.of());

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send(
          "POST /api/v1/scheduler HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n"
              + "1\r\n \r\n"
              + "6\r\nworld!\r\n"
              + "0\r\n\r\n");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("hello world!");
    }
  }

  @Test
  void bodyOverTheLimitGets413AndNeverReachesTheHandler() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    handler =
        (request, responder) -> {
          calls.incrementAndGet();
          responder.respondEmpty(200);
        };

    HttpResponse<String> response =
        CLIENT.send(
            java.net.http.HttpRequest.newBuilder(uri("/api/v1/scheduler"))
                .POST(BodyPublishers.ofByteArray(new byte[MAX_BODY * 4]))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("Request body is larger than " + MAX_BODY + " bytes");
    assertThat(calls).hasValue(0);
  }

  @Test
  void aClientThatSendsAllOfAnOversizedBodyBeforeReadingStillGets413() throws Exception {
    // Closing at once would leave the body unread, and the kernel would answer it with a reset.
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      int length = 16 * 1024 * 1024;
      connection.send("PUT /files HTTP/1.1\r\nHost: t\r\nContent-Length: " + length + "\r\n\r\n");
      connection.send(new byte[length]);
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.bodyText())
          .isEqualTo("Request body is larger than " + MAX_BODY + " bytes");
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(connection.serverClosed()).isTrue();
    }
  }

  @Test
  void chunkedBodyOverTheLimitGets413ThenTheConnectionCloses() throws Exception {
    String chunk = Integer.toHexString(8192) + "\r\n" + "x".repeat(8192) + "\r\n";
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int sent = 0; sent <= MAX_BODY; sent += 8192) {
        connection.send(chunk);
      }
      connection.send("0\r\n\r\n");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(413);
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(connection.serverClosed()).isTrue();
    }
  }

  @Test
  void expectContinueIsRefusedWith413BeforeAnOversizedBodyIsSent() throws Exception {
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send(
          "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: "
              + (MAX_BODY + 1)
              + "\r\n\r\n");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(413);
      assertThat(connection.serverClosed()).isTrue();
    }
  }

  @Test
  void expectContinueInvitesABodyWithinTheLimit() throws Exception {
    handler = (request, responder) -> responder.respondText(200, new String(request.body()));

    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send(
          "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
      assertThat(connection.readHead().status()).isEqualTo(100);
      connection.send("hello");

      assertThat(connection.readResponse().bodyText()).isEqualTo("hello");
    }
  }

  @Test
  void malformedRequestGets400ThenTheConnectionCloses() throws Exception {
    try (RawHttpConnection connection = RawHttpConnection.open(server.address())) {
      connection.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: many\r\n\r\n");
      RawHttpConnection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("Content-Type")).hasValue("text/plain; charset=utf-8");
      assertThat(response.bodyText()).startsWith("Malformed HTTP request");
      assertThat(connection.serverClosed()).isTrue();
    }
  }

  @Test
  void bindingABusyPortFailsNamingHostAndPort() {
    int port = server.address().getPort();

    assertThatThrownBy(
            () ->
                HttpServer.start(
                    HttpServerConfig.of("127.0.0.1", port, "second"),
                    (request, responder) -> responder.respondEmpty(200)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void closeIsIdempotentAndStopsServing() throws Exception {
    HttpServer other =
        HttpServer.start(
            HttpServerConfig.of("127.0.0.1", 0, "other"),
            (request, responder) -> responder.respondEmpty(204));
    int port = other.address().getPort();
    assertThat(port).isPositive();
    assertThat(CLIENT.send(get(other, "/"), BodyHandlers.discarding()).statusCode()).isEqualTo(204);

    other.close();
    other.close();

    assertThatThrownBy(() -> CLIENT.send(get(other, "/"), BodyHandlers.discarding()))
        .isInstanceOf(IOException.class);
  }

  private static java.net.http.HttpRequest get(String pathAndQuery) {
    return get(server, pathAndQuery);
  }

  private static java.net.http.HttpRequest get(HttpServer target, String pathAndQuery) {
    return java.net.http.HttpRequest.newBuilder(uri(target, pathAndQuery))
        .timeout(Duration.ofSeconds(5))
        .GET()
        .build();
  }

  private static URI uri(String pathAndQuery) {
    return uri(server, pathAndQuery);
  }

  private static URI uri(HttpServer target, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + target.address().getPort() + pathAndQuery);
  }

  /** Awaitility polling often enough that waiting costs milliseconds, not its default 100. */
  private static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }
}
