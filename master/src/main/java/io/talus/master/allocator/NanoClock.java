package io.talus.master.allocator;

/**
 * The allocator's only source of time, so that tests can freeze and advance it. The master passes
 * {@code System::nanoTime}; the allocator only ever subtracts two readings, so any origin works.
 */
@FunctionalInterface
public interface NanoClock {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();
}
