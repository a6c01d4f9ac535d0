package io.talus.driver;

/**
 * The Mesos driver state machine shared by the scheduler and executor drivers: {@code NOT_STARTED
 * -> RUNNING -> ABORTED | STOPPED}, and {@code ABORTED -> STOPPED} when an aborted driver is
 * stopped. {@link #join()} waits for the driver to leave {@code RUNNING}. Thread-safe; it calls out
 * to nothing, so callers may use it under their own locks.
 */
public final class DriverLifecycle {

  private Status status = Status.DRIVER_NOT_STARTED;

  public synchronized Status status() {
    return status;
  }

  /** {@code NOT_STARTED -> RUNNING}. @return whether this call started the driver */
  public synchronized boolean start() {
    if (status != Status.DRIVER_NOT_STARTED) {
      return false;
    }
    status = Status.DRIVER_RUNNING;
    return true;
  }

  /** {@code RUNNING -> ABORTED}. @return whether this call aborted the driver */
  public synchronized boolean abort() {
    if (status != Status.DRIVER_RUNNING) {
      return false;
    }
    status = Status.DRIVER_ABORTED;
    notifyAll();
    return true;
  }

  /**
   * {@code RUNNING | ABORTED -> STOPPED}.
   *
   * @return the status before this call; nothing changed unless it was {@code RUNNING} or {@code
   *     ABORTED}
   */
  public synchronized Status stop() {
    Status before = status;
    if (before == Status.DRIVER_RUNNING || before == Status.DRIVER_ABORTED) {
      status = Status.DRIVER_STOPPED;
      notifyAll();
    }
    return before;
  }

  /**
   * Waits until the driver is no longer running and returns its status; at once when it never
   * started. Like Mesos's {@code join()} it ignores interrupts while waiting, but keeps the
   * thread's interrupt flag set for the caller to see.
   */
  public synchronized Status join() {
    boolean interrupted = false;
    while (status == Status.DRIVER_RUNNING) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return status;
  }
}
