package io.talus.agent.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A checkpoint could not be written. The agent treats it as fatal: carrying on would let it act
 * on state that a restart would not find again.
 */
public final class CheckpointException extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  public CheckpointException(String message, IOException cause) {
    super(message, cause);
  }
}
