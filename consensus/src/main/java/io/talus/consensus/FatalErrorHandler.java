package io.talus.consensus;

/**
 * What to do when the replica cannot go on safely (an entry it cannot apply, a snapshot it cannot
 * write or load). Carrying on would let this replica drift from the others, so the daemon's handler
 * halts the process; tests record the error instead.
 */
@FunctionalInterface
public interface FatalErrorHandler {

  void fatal(String what, Throwable cause);

  /** Logs and halts the JVM, skipping shutdown hooks that could touch the broken state. */
  FatalErrorHandler HALT = (what, cause) -> {
    org.slf4j.LoggerFactory.getLogger(FatalErrorHandler.class).error("fatal: {}; halting", what, cause);
    Runtime.getRuntime().halt(70);
  };
}
