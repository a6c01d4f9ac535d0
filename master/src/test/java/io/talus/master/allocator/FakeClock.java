package io.talus.master.allocator;

import java.time.Duration;

/** A clock that only moves when told; starts far from zero so that no code relies on the origin. */
final class FakeClock implements NanoClock {

  private long nanos = 1_000_000_000_000L;

  @Override
  public long nanoTime() {
    return nanos;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
  }

  void advanceNanos(long n) {
    nanos += n;
  }
}
