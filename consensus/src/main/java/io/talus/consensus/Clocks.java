package io.talus.consensus;

import java.time.Instant;

/** The wall clock, read at the edge and stamped into ops (apply reads none). */
final class Clocks {

  private Clocks() {}

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
