package io.talus.cli.local;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop, not as the JVM's own shutdown: with a handler of its
 * own, {@code talus local} stops its cluster at leisure and then exits 0, where the JVM's default
 * would begin shutting down at once and exit 130 or 143. {@code sun.misc.Signal} is the only way
 * Java offers (module jdk.unsupported).
 */
final class StopSignal {

  private final CountDownLatch requested = new CountDownLatch(1);
  private volatile String signal = "";

  private StopSignal() {}

  static StopSignal install() {
    StopSignal stop = new StopSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> stop.request("SIG" + s.getName()));
      } catch (IllegalArgumentException e) {
        // The JVM keeps this one (-Xrs); the shutdown hook still stops the cluster.
      }
    }
    return stop;
  }

  private void request(String name) {
    if (requested.getCount() > 0) {
      signal = name;
      requested.countDown();
    }
  }

  boolean requested() {
    return requested.getCount() == 0;
  }

  /** The signal that asked to stop, e.g. {@code SIGINT}; empty before one did. */
  String signal() {
    return signal;
  }

  void await() throws InterruptedException {
    requested.await();
  }
}
