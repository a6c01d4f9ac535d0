package io.talus.driver;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a framework's callbacks one at a time, on one thread, in the order they were submitted, as
 * the Mesos drivers do: a scheduler never sees two callbacks at once, so it needs no locking of its
 * own, and it may call its driver from inside a callback.
 *
 * <p>After {@link #close()} nothing more runs, including callbacks already queued; the one running
 * finishes. A callback that throws is handed to the failure handler on the callback thread.
 */
public final class CallbackQueue {

  private final ExecutorService thread;
  private final Consumer<Throwable> onFailure;
  private volatile boolean closed;

  /**
   * @param threadName names the callback thread (a daemon)
   * @param onFailure told of any exception a callback throws, on the callback thread
   */
  public CallbackQueue(String threadName, Consumer<Throwable> onFailure) {
    this.onFailure = onFailure;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread t = new Thread(runnable, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Queues {@code callback} behind every earlier one; does nothing once closed. */
  public void submit(Runnable callback) {
    if (closed) {
      return;
    }
    try {
      thread.execute(() -> run(callback));
    } catch (RejectedExecutionException e) {
      // Closed concurrently: dropping it is what close() promises.
    }
  }

  private void run(Runnable callback) {
    if (closed) {
      return;
    }
    try {
      callback.run();
    } catch (Throwable t) {
      onFailure.accept(t);
    }
  }

  /** Drops every queued callback and lets the thread end; safe to call from a callback. */
  public void close() {
    closed = true;
    thread.shutdown();
  }

  public boolean isClosed() {
    return closed;
  }
}
