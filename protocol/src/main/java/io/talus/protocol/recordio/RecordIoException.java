package io.talus.protocol.recordio;

import java.io.IOException;

/**
 * The byte stream is not valid RecordIO. Checked, and an {@link IOException}, because it always
 * comes from a peer's bytes: the caller must close that stream, since once framing is lost there is
 * no way to find the next record boundary.
 */
public final class RecordIoException extends IOException {

  private static final long serialVersionUID = 1L;

  public RecordIoException(String message) {
    super(message);
  }

  RecordIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
