package io.talus.master.validation;

import java.util.Objects;

/**
 * The verdict on a request: OK, or why not, in the kind the HTTP edge maps to a status code
 * ({@link Kind#BAD_REQUEST} → 400, {@link Kind#NOT_IMPLEMENTED} → 501). The message is the
 * plain-text body Mesos would send.
 */
public record ValidationResult(Kind kind, String message) {

  public enum Kind {
    OK,
    BAD_REQUEST,
    NOT_IMPLEMENTED
  }

  private static final ValidationResult OK_RESULT = new ValidationResult(Kind.OK, "");

  public ValidationResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static ValidationResult ok() {
    return OK_RESULT;
  }

  public static ValidationResult badRequest(String message) {
    return new ValidationResult(Kind.BAD_REQUEST, message);
  }

  public static ValidationResult notImplemented(String message) {
    return new ValidationResult(Kind.NOT_IMPLEMENTED, message);
  }

  public boolean isOk() {
    return kind == Kind.OK;
  }
}
