package io.talus.driver;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads of a driver's connection, and its closing, alike for the scheduler's and the
 * executor's: a connector that opens the event stream, and opens it again after a {@link Backoff}
 * delay when it fails or ends, and a sender that posts calls one at a time, in order.
 *
 * <p>It shares the connection's lock: the connection reads {@link #isClosed()} and reconnects
 * under the same lock that guards its stream, so a stream never outlives {@link #close}.
 */
public final class ConnectionThreads {

  private final Object lock;
  private final Backoff backoff; // guarded by lock
  private final ScheduledExecutorService connector;
  private final ExecutorService sender;
  private boolean closed; // guarded by lock

  /**
   * @param name prefixes the threads' names ({@code -connector}, {@code -calls})
   * @param lock the connection's lock
   */
  public ConnectionThreads(String name, Object lock, Backoff backoff) {
    this.lock = lock;
    this.backoff = backoff;
    this.connector = Executors.newSingleThreadScheduledExecutor(daemon(name + "-connector"));
    this.sender = Executors.newSingleThreadExecutor(daemon(name + "-calls"));
  }

  /** Runs {@code connect} on the connector thread, at once. */
  public void connect(Runnable connect) {
    connector.execute(connect);
  }

  /**
   * Runs {@code connect} on the connector thread after the backoff's next delay, and returns that
   * delay; nothing, once closed.
   */
  public Optional<Duration> reconnect(Runnable connect) {
    synchronized (lock) {
      if (closed) {
        return Optional.empty();
      }
      Duration delay = backoff.nextDelay();
      schedule(connect, delay);
      return Optional.of(delay);
    }
  }

  /** A stream is subscribed: the next reconnect waits the shortest delay again. */
  public void resetBackoff() {
    synchronized (lock) {
      backoff.reset();
    }
  }

  /** Runs {@code task} on the connector thread after {@code delay}; null once closed. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return connector.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null; // closing
    }
  }

  /** Queues {@code call} behind every earlier one; false, and nothing queued, once closed. */
  public boolean send(Runnable call) {
    try {
      sender.execute(call);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * As {@link #send}, with a future done once {@code call} has run.
   *
   * @throws RejectedExecutionException once closed
   */
  public Future<?> submit(Runnable call) {
    return sender.submit(call);
  }

  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Closes for good, once: under the lock it runs {@code dropStream}, then it stops the connector
   * at once (a SUBSCRIBE in flight is interrupted) and lets the sender run the calls queued before.
   */
  public void close(Runnable dropStream) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      dropStream.run();
    }
    connector.shutdownNow();
    sender.shutdown();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }
}
