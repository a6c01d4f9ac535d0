package io.talus.http;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of applying one of Mesos's request rules: a value, or the error status and message
 * Mesos answers with when the request breaks the rule. Rules report rather than respond so that an
 * endpoint can apply them in Mesos's order and send only the first failure.
 *
 * @param value present exactly when the rule was satisfied
 * @param errorStatus the status to answer with when not ok; 0 when ok
 * @param errorMessage the {@code text/plain} body to answer with when not ok; empty when ok
 */
public record Negotiated<T>(Optional<T> value, int errorStatus, String errorMessage) {

  public Negotiated {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(errorMessage, "errorMessage");
    if (value.isPresent() && (errorStatus != 0 || !errorMessage.isEmpty())) {
      throw new IllegalArgumentException("an ok result carries no error");
    }
    if (value.isEmpty() && (errorStatus < 400 || errorStatus > 599)) {
      throw new IllegalArgumentException("error status must be 4xx or 5xx, got " + errorStatus);
    }
  }

  public static <T> Negotiated<T> ok(T value) {
    return new Negotiated<>(Optional.of(value), 0, "");
  }

  public static <T> Negotiated<T> error(int status, String message) {
    return new Negotiated<>(Optional.empty(), status, message);
  }

  public boolean ok() {
    return value.isPresent();
  }

  /**
   * The value.
   *
   * @throws IllegalStateException naming the error when the rule was not satisfied
   */
  public T get() {
    return value.orElseThrow(
        () -> new IllegalStateException("not ok: " + errorStatus + " " + errorMessage));
  }

  /**
   * Sends the error as Mesos does ({@code text/plain}) when the rule was not satisfied, so an
   * endpoint can write {@code if (type.respondIfError(responder)) return;}.
   *
   * @return {@code true} if an error response was sent
   */
  public boolean respondIfError(HttpResponder responder) {
    if (ok()) {
      return false;
    }
    responder.respondText(errorStatus, errorMessage);
    return true;
  }
}
