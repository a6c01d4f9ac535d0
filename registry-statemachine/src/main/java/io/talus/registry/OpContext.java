package io.talus.registry;

/**
 * Where an op sits in the log and when the leader generated it: everything apply may know besides
 * the op and the state.
 */
record OpContext(long index, int position, long timeNanos) {

  /** Mesos timestamps are seconds since the epoch, as a double. */
  double timeSeconds() {
    return timeNanos / 1e9;
  }
}
