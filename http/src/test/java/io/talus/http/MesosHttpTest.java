package io.talus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MesosHttpTest {

  @Test
  void missingContentTypeIs400() {
    Negotiated<MediaType> type = MesosHttp.requestType(request());

    assertThat(type.ok()).isFalse();
    assertThat(type.errorStatus()).isEqualTo(400);
    assertThat(type.errorMessage()).isEqualTo("Expecting 'Content-Type' to be present");
  }

  @Test
  void otherContentTypeIs415() {
    Negotiated<MediaType> type = MesosHttp.requestType(request("Content-Type", "text/plain"));

    assertThat(type.errorStatus()).isEqualTo(415);
    assertThat(type.errorMessage())
        .isEqualTo("Expecting 'Content-Type' of application/json or application/x-protobuf");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|JSON",
        "application/json; charset=utf-8|JSON",
        "Application/JSON|JSON",
        "application/x-protobuf|PROTOBUF",
        " application/x-protobuf ;foo=bar|PROTOBUF"
      })
  void contentTypeParametersAndCaseAreIgnored(String header, MediaType expected) {
    assertThat(MesosHttp.requestType(request("Content-Type", header)).get()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"application/jsonx", "application/protobuf", "''", "application"})
  void nearMissContentTypesAre415(String header) {
    assertThat(MesosHttp.requestType(request("Content-Type", header)).errorStatus()).isEqualTo(415);
  }

  @Test
  void noAcceptMeansJson() {
    assertThat(MesosHttp.responseType(request()).get()).isEqualTo(MediaType.JSON);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|JSON",
        "application/x-protobuf|PROTOBUF",
        "*/*|JSON",
        "application/*|JSON",
        "application/json;q=0, application/x-protobuf|PROTOBUF",
        "application/json;q=0, */*|PROTOBUF",
        "application/x-protobuf, application/json;q=0.1|JSON",
        "text/html, application/x-protobuf;q=0.5|PROTOBUF",
        "APPLICATION/X-PROTOBUF|PROTOBUF",
        "application/json;q=abc, application/x-protobuf|PROTOBUF",
        "application/json ; q=0.000, application/*;q=0.2|PROTOBUF",
        "application/x-protobuf;q=1.0;ext=1|PROTOBUF"
      })
  void acceptPicksJsonFirstThenProtobufHonouringQualities(String accept, MediaType expected) {
    assertThat(MesosHttp.responseType(request("Accept", accept)).get()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/html",
        "*/*;q=0",
        "application/*;q=0",
        "application/json;q=0, application/x-protobuf;q=0",
        "application/json;q=1.5",
        "*/json"
      })
  void acceptAllowingNeitherIs406(String accept) {
    Negotiated<MediaType> type = MesosHttp.responseType(request("Accept", accept));

    assertThat(type.errorStatus()).isEqualTo(406);
    assertThat(type.errorMessage())
        .isEqualTo("Expecting 'Accept' to allow application/json or application/x-protobuf");
  }

  @Test
  void acceptSplitOverSeveralHeaderLinesCountsEveryLine() {
    HttpRequest request = request("Accept", "text/html", "Accept", "application/x-protobuf");

    assertThat(MesosHttp.responseType(request).get()).isEqualTo(MediaType.PROTOBUF);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/master/api/v1/scheduler/|master|/api/v1/scheduler",
        "/master/api/v1/scheduler|master|/api/v1/scheduler",
        "/api/v1/scheduler|master|/api/v1/scheduler",
        "/api/v1/scheduler/|master|/api/v1/scheduler",
        "/master/state|master|/state",
        "/state|master|/state",
        "/master|master|/",
        "/master/|master|/",
        "/|master|/",
        "/masters/x|master|/masters/x",
        "/slave(1)/api/v1/executor|slave(1)|/api/v1/executor",
        "/api/v1/executor/|slave(1)|/api/v1/executor",
        "/slave(1)/api/v1|master|/slave(1)/api/v1"
      })
  void normalizePathStripsTheProcessIdAndATrailingSlash(
      String path, String processId, String expected) {
    assertThat(MesosHttp.normalizePath(path, processId)).isEqualTo(expected);
  }

  @Test
  void negotiatedErrorRespondsWithPlainText() {
    RecordingResponder responder = new RecordingResponder();

    assertThat(Negotiated.<MediaType>error(406, "no").respondIfError(responder)).isTrue();
    assertThat(responder.sent).containsExactly("406 text/plain; charset=utf-8 no");
    assertThatThrownBy(() -> Negotiated.error(406, "no").get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("406 no");
  }

  @Test
  void negotiatedOkSendsNothing() {
    RecordingResponder responder = new RecordingResponder();

    Negotiated<MediaType> ok = Negotiated.ok(MediaType.PROTOBUF);

    assertThat(ok.respondIfError(responder)).isFalse();
    assertThat(responder.sent).isEmpty();
    assertThat(ok.get()).isEqualTo(MediaType.PROTOBUF);
    assertThat(MediaType.PROTOBUF.mime()).isEqualTo("application/x-protobuf");
  }

  /** A request with the given header names and values, alternating. */
  private static HttpRequest request(String... headerPairs) {
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(new String[] {headerPairs[i], headerPairs[i + 1]});
    }
    return new HttpRequest() {
      @Override
      public String method() {
        return "POST";
      }

      @Override
      public String uri() {
        return "/api/v1/scheduler";
      }

      @Override
      public String path() {
        return uri();
      }

      @Override
      public Map<String, List<String>> queryParameters() {
        return Map.of();
      }

      @Override
      public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
      }

      @Override
      public List<String> headers(String name) {
        return headers.stream()
            .filter(h -> h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
            .map(h -> h[1])
            .toList();
      }

      @Override
      public byte[] body() {
        return new byte[0];
      }

      @Override
      public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
      }
    };
  }

  private static final class RecordingResponder implements HttpResponder {
    final List<String> sent = new ArrayList<>();

    @Override
    public void respond(int status, String contentType, byte[] body, Map<String, String> headers) {
      sent.add(status + " " + contentType + " " + new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public EventStream stream(String contentType, Map<String, String> headers) {
      throw new UnsupportedOperationException("not a stream");
    }
  }
}
