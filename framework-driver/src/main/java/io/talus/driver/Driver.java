package io.talus.driver;

/**
 * What the scheduler and executor drivers have in common, as Mesos's two driver interfaces do: the
 * lifecycle {@code start} / {@code stop} / {@code abort} / {@code join}, each returning the
 * driver's {@link Status}. Every method is thread-safe; all but {@link #join()} and {@link #run()}
 * return at once.
 */
public interface Driver {

  /**
   * Starts the driver: it connects and subscribes (to the leading master, or to its agent), and
   * callbacks begin once it is subscribed. Only a driver not yet started starts; otherwise this
   * returns the status and does nothing.
   */
  Status start();

  /**
   * Closes the connection; no further callbacks. Returns {@code DRIVER_STOPPED}, or {@code
   * DRIVER_ABORTED} when the driver had been aborted (as Mesos).
   */
  Status stop();

  /** As {@link #stop()}, but the status is {@code DRIVER_ABORTED}. */
  Status abort();

  /** Blocks until the driver is stopped or aborted. */
  Status join();

  /** {@link #start()} then {@link #join()}. */
  default Status run() {
    Status status = start();
    return status != Status.DRIVER_RUNNING ? status : join();
  }

  /** The current status; not in Mesos's interface, handy for supervision and tests. */
  Status status();
}
