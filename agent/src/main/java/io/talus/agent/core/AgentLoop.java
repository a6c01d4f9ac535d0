package io.talus.agent.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the agent's state. IO threads (the master stream, the executor API,
 * process watchers) hand it work; nothing else touches frameworks, executors, tasks or the status
 * update manager. A task that throws is a bug or a failed checkpoint write, and the agent stops
 * rather than run on with state it can no longer trust.
 */
public final class AgentLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

  private final ScheduledExecutorService executor;
  private final Consumer<Throwable> fatal;
  private volatile Thread thread;

  public AgentLoop(String name, Consumer<Throwable> fatal) {
    this.fatal = fatal;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "talus-agent-loop-" + name);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  public void execute(Runnable task) {
    try {
      executor.execute(guard(task));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("agent loop closed; dropping a task");
    }
  }

  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return executor.schedule(guard(task), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  public ScheduledFuture<?> every(Runnable task, Duration period) {
    return executor.scheduleWithFixedDelay(guard(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the loop and waits for its result (never call it from the loop). */
  public <T> T call(Callable<T> task, Duration timeout) {
    if (Thread.currentThread() == thread) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return executor.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the agent loop did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        LOG.error("agent loop task failed; the agent stops", t);
        fatal.accept(t);
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
