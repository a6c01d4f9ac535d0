package io.talus.master.state;

import io.talus.mesos.v1.master.Protos.Response;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /api/v1} answers to one operator call: 200 with a {@link Response}, or an error
 * status with a message for the body.
 *
 * @param status the HTTP status
 * @param response the response, present exactly when {@code status} is 200
 * @param error the error message, empty on success
 */
public record OperatorReply(int status, Optional<Response> response, String error) {

  public static final int OK = 200;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_IMPLEMENTED = 501;

  public OperatorReply {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(error, "error");
    if (response.isPresent() != (status == OK)) {
      throw new IllegalArgumentException("a response comes with 200 and only with 200: " + status);
    }
  }

  public static OperatorReply ok(Response response) {
    return new OperatorReply(OK, Optional.of(response), "");
  }

  public static OperatorReply error(int status, String message) {
    return new OperatorReply(status, Optional.empty(), message);
  }
}
