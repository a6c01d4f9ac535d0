package io.talus.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.json.MesosJsonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules every Mesos v1 endpoint shares (content types, {@code Accept}, process-id path
 * prefixes), with Mesos's own statuses and messages, so that clients written against Mesos see the
 * same answers from Talus.
 */
public final class MesosHttp {

  static final String MISSING_CONTENT_TYPE = "Expecting 'Content-Type' to be present";
  static final String UNSUPPORTED_CONTENT_TYPE =
      "Expecting 'Content-Type' of application/json or application/x-protobuf";
  static final String NOT_ACCEPTABLE =
      "Expecting 'Accept' to allow application/json or application/x-protobuf";

  private MesosHttp() {}

  /**
   * The type of a request's body, from {@code Content-Type}. Parameters such as {@code ;
   * charset=utf-8} are ignored and the comparison is case-insensitive. A missing header is a {@code
   * 400} "Expecting 'Content-Type' to be present"; any type other than the two is a {@code 415}
   * "Expecting 'Content-Type' of application/json or application/x-protobuf".
   */
  public static Negotiated<MediaType> requestType(HttpRequest request) {
    Optional<String> contentType = request.header("Content-Type");
    if (contentType.isEmpty()) {
      return Negotiated.error(400, MISSING_CONTENT_TYPE);
    }
    String mime = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (MediaType type : MediaType.values()) {
      if (type.mime().equals(mime)) {
        return Negotiated.ok(type);
      }
    }
    return Negotiated.error(415, UNSUPPORTED_CONTENT_TYPE);
  }

  /**
   * The type to answer in, from {@code Accept}, in Mesos's order: no header means JSON; JSON if the
   * header accepts it (directly, or through {@code application/*} or {@code *}{@code /*});
   * otherwise protobuf if it accepts that; otherwise a {@code 406} "Expecting 'Accept' to allow
   * application/json or application/x-protobuf".
   *
   * <p>Quality values count as RFC 9110 says: the most specific range that matches a type decides
   * its quality, and {@code q=0} means "not acceptable", so {@code application/json;q=0, *}{@code
   * /*} asks for protobuf. A range with a malformed {@code q} is ignored.
   */
  public static Negotiated<MediaType> responseType(HttpRequest request) {
    List<String> accept = request.headers("Accept");
    if (accept.stream().allMatch(String::isBlank)) {
      return Negotiated.ok(MediaType.JSON);
    }
    AcceptHeader ranges = AcceptHeader.parse(accept);
    if (ranges.quality(MediaType.JSON.mime()) > 0) {
      return Negotiated.ok(MediaType.JSON);
    }
    if (ranges.quality(MediaType.PROTOBUF.mime()) > 0) {
      return Negotiated.ok(MediaType.PROTOBUF);
    }
    return Negotiated.error(406, NOT_ACCEPTABLE);
  }

  /**
   * The path an endpoint routes on. Mesos serves every endpoint both with and without its process
   * id as the first segment ({@code /api/v1/scheduler} and {@code /master/api/v1/scheduler}; on an
   * agent {@code /api/v1/executor} and {@code /slave(1)/api/v1/executor}) and ignores a trailing
   * {@code /}, so this strips both and callers route on one form:
   *
   * <ul>
   *   <li>{@code normalizePath("/master/api/v1/scheduler/", "master")} is {@code
   *       "/api/v1/scheduler"};
   *   <li>{@code normalizePath("/master/state", "master")} is {@code "/state"}, so callers route
   *       {@code "/state"} and both {@code /state} and {@code /master/state} reach it;
   *   <li>{@code normalizePath("/master", "master")} and {@code normalizePath("/", "master")} are
   *       {@code "/"};
   *   <li>only a whole segment is stripped: {@code normalizePath("/masters/x", "master")} is {@code
   *       "/masters/x"}.
   * </ul>
   *
   * @param path a decoded path ({@link HttpRequest#path()})
   * @param processId the process id without slashes, e.g. {@code "master"} or {@code "slave(1)"}
   */
  public static String normalizePath(String path, String processId) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(processId, "processId");
    String prefix = "/" + processId;
    String normalized = path;
    if (!processId.isEmpty()
        && (normalized.equals(prefix) || normalized.startsWith(prefix + "/"))) {
      normalized = normalized.substring(prefix.length());
    }
    int end = normalized.length();
    while (end > 1 && normalized.charAt(end - 1) == '/') {
      end--;
    }
    normalized = normalized.substring(0, end);
    return normalized.isEmpty() ? "/" : normalized;
  }

  /**
   * Mesos's answer to a method other than POST on a POST-only endpoint (the scheduler, executor and
   * operator APIs): {@code 405} with {@code Allow: POST}.
   *
   * @return true when the request is a POST; otherwise the 405 has been sent
   */
  public static boolean requirePost(HttpRequest request, HttpResponder responder) {
    if (request.method().equals("POST")) {
      return true;
    }
    responder.respond(405, "text/plain; charset=utf-8",
        ("Expecting one of { 'POST' }, but received '" + request.method() + "'")
            .getBytes(StandardCharsets.UTF_8),
        Map.of("Allow", "POST"));
    return false;
  }

  /** A call POSTed to a Mesos v1 API, with the media type it came in. */
  public record PostedCall<T extends Message>(T call, MediaType type) {}

  /**
   * The checks every v1 call endpoint makes first, in Mesos's order: POST (else 405), a known
   * {@code Content-Type} (else 400 or 415), a body that parses as the API's {@code Call} (else
   * 400 "Failed to parse body into Call").
   *
   * @return the call, or empty once the error has been sent
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> Optional<PostedCall<T>> readCall(
      HttpRequest request, HttpResponder responder, T prototype) {
    if (!requirePost(request, responder)) {
      return Optional.empty();
    }
    Negotiated<MediaType> type = requestType(request);
    if (type.respondIfError(responder)) {
      return Optional.empty();
    }
    try {
      T call = type.get() == MediaType.JSON
          ? MesosJson.parse(request.body(), prototype)
          : (T) prototype.getParserForType().parseFrom(request.body());
      return Optional.of(new PostedCall<>(call, type.get()));
    } catch (MesosJsonException | InvalidProtocolBufferException e) {
      responder.respondText(400, "Failed to parse body into Call: " + e.getMessage());
      return Optional.empty();
    }
  }
}
