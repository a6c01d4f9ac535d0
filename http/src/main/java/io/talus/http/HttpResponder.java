package io.talus.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends the one response to one request, now or later.
 *
 * <p>Handlers that must wait for something (a commit, a leader) keep the responder and answer from
 * whichever thread learns the outcome, so every method is thread-safe. Exactly one response goes
 * out per request: a second attempt throws {@link IllegalStateException}, because two answers to
 * one request would corrupt the connection for the requests behind it. Until the response is sent
 * the connection serves nothing else, which keeps pipelined responses in order.
 */
public interface HttpResponder {

  /**
   * Sends a whole response; {@code Content-Length} is always set from {@code body}.
   *
   * @param status a final status, 200 to 599
   * @param contentType the {@code Content-Type}, or {@code null} for none
   * @param headers further headers; {@code Content-Length} here is overridden
   * @throws IllegalStateException if a response was already sent or a stream started
   */
  void respond(int status, String contentType, byte[] body, Map<String, String> headers);

  /** A UTF-8 {@code text/plain; charset=utf-8} response: how Mesos sends every error. */
  default void respondText(int status, String message) {
    respond(
        status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A response without a body, e.g. {@code 202 Accepted} for a scheduler call. */
  default void respondEmpty(int status) {
    respond(status, null, new byte[0], Map.of());
  }

  /**
   * {@code 307 Temporary Redirect} to {@code location}: a follower master sends clients to the
   * leader this way, and 307 makes them repeat the POST with its body.
   */
  default void redirect(String location) {
    respond(307, null, new byte[0], Map.of("Location", location));
  }

  /**
   * Starts a RecordIO event stream: {@code 200 OK} with {@code Transfer-Encoding: chunked}, the
   * given {@code Content-Type} and headers, sent at once. The stream occupies the connection until
   * it ends, and the connection closes with it (the head says {@code Connection: close}).
   *
   * @throws IllegalStateException if a response was already sent or a stream started
   */
  EventStream stream(String contentType, Map<String, String> headers);
}
