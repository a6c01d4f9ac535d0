package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talus.http.EventStream;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A request and a responder without a server, for handler tests that call handlers directly. */
final class Fakes {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fakes() {}

  record Request(String method, String path, Map<String, List<String>> queryParameters)
      implements HttpRequest {

    static Request get(String path, String... queryPairs) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (int i = 0; i < queryPairs.length; i += 2) {
        query.put(queryPairs[i], List.of(queryPairs[i + 1]));
      }
      return new Request("GET", path, query);
    }

    @Override
    public String uri() {
      return path;
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.empty();
    }

    @Override
    public byte[] body() {
      return new byte[0];
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress("127.0.0.1", 40000);
    }
  }

  /** Records the one response; the handlers under test answer synchronously here. */
  static final class Responder implements HttpResponder {
    Integer status;
    String contentType;
    byte[] body;
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public void respond(int status, String contentType, byte[] body, Map<String, String> headers) {
      if (this.status != null) {
        throw new IllegalStateException("already responded " + this.status);
      }
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.headers.putAll(headers);
    }

    @Override
    public EventStream stream(String contentType, Map<String, String> headers) {
      throw new UnsupportedOperationException();
    }

    String text() {
      assertThat(status).as("responded").isNotNull();
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(text());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
