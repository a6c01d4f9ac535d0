package io.talus.http;

import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The responder for one request. It only builds the response and claims the one answer the request
 * gets; {@link ConnectionHandler} writes it on the connection's event loop, whatever thread called.
 */
final class ExchangeResponder implements HttpResponder {

  private final ConnectionHandler connection;
  private final String exchange;
  private final boolean keepAlive;
  private final boolean http10;
  private final AtomicBoolean answered = new AtomicBoolean();

  /**
   * @param exchange names the request in error messages, e.g. {@code "GET /state"}
   * @param keepAlive whether the connection stays open after the response
   * @param http10 whether the request was HTTP/1.0
   */
  ExchangeResponder(
      ConnectionHandler connection, String exchange, boolean keepAlive, boolean http10) {
    this.connection = connection;
    this.exchange = exchange;
    this.keepAlive = keepAlive;
    this.http10 = http10;
  }

  @Override
  public void respond(int status, String contentType, byte[] body, Map<String, String> headers) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be a final status 200..599, got " + status);
    }
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    claim();
    FullHttpResponse response = Responses.full(status, contentType, body, headers);
    Responses.setConnection(response, keepAlive, http10);
    connection.send(response, keepAlive);
  }

  @Override
  public EventStream stream(String contentType, Map<String, String> headers) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(headers, "headers");
    claim();
    return connection.startStream(Responses.streamHead(contentType, headers));
  }

  /** Sends a 500 for a failed handler, unless it answered before failing. */
  void respondToFailure(Throwable failure) {
    if (!answered.get()) {
      try {
        respondText(500, Responses.messageOf(failure));
      } catch (IllegalStateException answeredMeanwhile) {
        // Another thread the handler had passed the responder to got there first.
      }
    }
  }

  private void claim() {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("a response to " + exchange + " was already sent");
    }
  }
}
