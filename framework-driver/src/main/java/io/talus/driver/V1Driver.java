package io.talus.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the v1 scheduler and executor drivers do alike: the {@link DriverLifecycle} behind {@link
 * #start}, {@link #abort}, {@link #join} and {@link #status}, the {@link Connection} opened at
 * start and closed when the driver stops or aborts, and the one {@link CallbackQueue}, closed with it. A
 * callback that throws aborts the driver, as in Mesos's Java drivers, so the failure is not lost.
 *
 * <p>{@link #stop()} is left to each driver (the scheduler's may tear its framework down first);
 * it ends with {@link #stopAndClose()}.
 */
public abstract class V1Driver implements Driver {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final DriverLifecycle lifecycle = new DriverLifecycle();
  private final CallbackQueue callbacks;
  private final String callbackThread;

  /** @param callbackThread names the thread the framework's callbacks run on */
  protected V1Driver(String callbackThread) {
    this.callbackThread = callbackThread;
    this.callbacks = new CallbackQueue(callbackThread, this::callbackFailed);
  }

  /** The connection to the master or agent; the same one every time. */
  protected abstract Connection connection();

  protected final CallbackQueue callbacks() {
    return callbacks;
  }

  @Override
  public final Status start() {
    if (!lifecycle.start()) {
      return lifecycle.status();
    }
    connection().start();
    return Status.DRIVER_RUNNING;
  }

  /**
   * {@code RUNNING | ABORTED -> STOPPED}, then closes the connection and the callback queue. Returns
   * {@code DRIVER_STOPPED}, or {@code DRIVER_ABORTED} if the driver had been aborted; a driver
   * neither running nor aborted is left alone and its status returned.
   */
  protected final Status stopAndClose() {
    Status before = lifecycle.stop();
    if (before != Status.DRIVER_RUNNING && before != Status.DRIVER_ABORTED) {
      return before;
    }
    close();
    return before == Status.DRIVER_ABORTED ? Status.DRIVER_ABORTED : Status.DRIVER_STOPPED;
  }

  @Override
  public final Status abort() {
    if (!lifecycle.abort()) {
      return lifecycle.status();
    }
    close();
    return Status.DRIVER_ABORTED;
  }

  @Override
  public final Status join() {
    return lifecycle.join();
  }

  @Override
  public final Status status() {
    return lifecycle.status();
  }

  /**
   * What every call of a driver does first: {@code call} runs only while the driver is running.
   * Returns the status it found, {@code DRIVER_RUNNING} when {@code call} ran.
   */
  protected final Status whenRunning(Runnable call) {
    Status now = lifecycle.status();
    if (now == Status.DRIVER_RUNNING) {
      call.run();
    }
    return now;
  }

  private void close() {
    connection().close();
    callbacks.close();
  }

  private void callbackFailed(Throwable failure) {
    log.error("A callback on {} threw; aborting the driver", callbackThread, failure);
    abort();
  }
}
