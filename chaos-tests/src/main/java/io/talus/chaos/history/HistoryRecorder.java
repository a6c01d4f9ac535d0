package io.talus.chaos.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a history while a run goes on, from many client threads. Each op is stamped with both
 * clocks under one lock, so the history's order is the order of its monotonic times, and is
 * written and flushed at once when a sink is given: a harness that is killed leaves every op it
 * saw.
 */
public final class HistoryRecorder implements AutoCloseable {

  private final Clock wallClock;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final Writer sink;
  private final List<Op> ops = new ArrayList<>();

  /**
   * Starts a history whose monotonic times count from now.
   *
   * @param wallClock for {@link Op#wallClockMillis()}
   * @param nanoTime a monotonic source such as {@code System::nanoTime}; times are relative to
   *     its value now
   * @param sink where to append JSON lines, or {@code null} to keep the history in memory only
   */
  public HistoryRecorder(Clock wallClock, LongSupplier nanoTime, Writer sink) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.startNanos = nanoTime.getAsLong();
    this.sink = sink;
  }

  /** Records that {@code process} starts {@code f}. */
  public Op invoke(int process, String f, Map<String, Object> value) {
    return record(process, Op.Type.INVOKE, f, value, null);
  }

  /** Records how an invoked op ended: same process and function, its result value. */
  public Op complete(Op invoked, Op.Type type, Map<String, Object> value, String error) {
    if (invoked.type() != Op.Type.INVOKE) {
      throw new IllegalArgumentException("only an invoke can be completed, got " + invoked);
    }
    if (type == Op.Type.INVOKE) {
      throw new IllegalArgumentException("a completion is ok, fail or info");
    }
    return record(invoked.process(), type, invoked.f(), value, error);
  }

  /** Records something a client observed without asking, such as a status update. */
  public Op observe(int process, String f, Map<String, Object> value) {
    return record(process, Op.Type.OK, f, value, null);
  }

  private synchronized Op record(
      int process, Op.Type type, String f, Map<String, Object> value, String error) {
    Op op =
        new Op(
            process,
            type,
            f,
            value,
            error,
            wallClock.millis(),
            nanoTime.getAsLong() - startNanos);
    ops.add(op);
    if (sink != null) {
      try {
        sink.write(History.toJsonLine(op));
        sink.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("could not append to the history", e);
      }
    }
    return op;
  }

  /** The ops recorded so far. */
  public synchronized History history() {
    return History.of(ops);
  }

  /** Closes the sink, if any. */
  @Override
  public synchronized void close() throws IOException {
    if (sink != null) {
      sink.close();
    }
  }
}
