package io.talus.cli.agent;

import static org.awaitility.Awaitility.await;

import io.talus.cli.local.ProcTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waiting for processes to show up in {@code /proc}: what the agent tests look for after a launch. */
final class Procs {

  private Procs() {}

  /** Waits until exactly one live process works in {@code dir} with exactly {@code argv}; returns it. */
  static ProcTable.Proc awaitOne(Path dir, List<String> argv) {
    return await(argv + " running in " + dir).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> ProcTable.running(dir, argv), found -> found.size() == 1).get(0);
  }
}
