package io.talus.protocol.json;

/**
 * A JSON request body could not become the expected message: malformed JSON, a value of the wrong
 * kind, or required fields missing. Checked because it is always the client's fault and the caller
 * must answer it (Mesos answers 400 Bad Request with this message).
 */
public final class MesosJsonException extends Exception {

  private static final long serialVersionUID = 1L;

  public MesosJsonException(String message) {
    super(message);
  }

  public MesosJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
