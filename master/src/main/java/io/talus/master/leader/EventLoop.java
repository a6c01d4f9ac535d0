package io.talus.master.leader;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a leader's mutable state (allocator, sessions, offers). IO threads hand
 * it events with {@link #execute}; a failing event is logged and the loop goes on, since one bad
 * request must not stop the master.
 */
final class EventLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  private final ScheduledThreadPoolExecutor executor;

  EventLoop(String name) {
    this.executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  void execute(Runnable event) {
    if (executor.isShutdown()) {
      return;
    }
    try {
      executor.execute(() -> run(event));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("event dropped: the leader's event loop has stopped");
    }
  }

  /** Runs {@code event} later; after {@link #close} the returned future is already cancelled. */
  ScheduledFuture<?> schedule(Runnable event, long delayNanos) {
    try {
      return executor.schedule(() -> run(event), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Cancelled.INSTANCE;
    }
  }

  /** What {@link #schedule} returns once the loop has stopped: a timer that never fires. */
  private static final class Cancelled implements ScheduledFuture<Object> {
    static final Cancelled INSTANCE = new Cancelled();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(java.util.concurrent.Delayed o) {
      return Long.compare(0, o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return true;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      throw new java.util.concurrent.CancellationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new java.util.concurrent.CancellationException();
    }
  }

  ScheduledFuture<?> every(Runnable event, long periodNanos) {
    return executor.scheduleWithFixedDelay(() -> run(event), periodNanos, periodNanos,
        TimeUnit.NANOSECONDS);
  }

  private static void run(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException | Error e) {
      LOG.error("leader event failed; the event loop goes on", e);
    }
  }

  boolean isClosed() {
    return executor.isShutdown();
  }

  /** Events waiting to run (for master/event_queue_messages). */
  int queued() {
    return executor.getQueue().size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
