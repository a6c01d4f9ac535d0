package io.talus.agent.containerizer;

import io.talus.protocol.agent.ProcessRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A process started by a {@link ProcessLauncher} (or found again after a restart). */
public interface LaunchedProcess {

  /** The pid of the process group leader. */
  long pid();

  /** What to checkpoint to find this process again after an agent restart. */
  ProcessRecord record();

  /**
   * Completes once the process has exited and its process group is gone, with its exit status (a
   * memory-limit kill says so). Callbacks may run on any thread.
   */
  CompletableFuture<ExitStatus> onExit();

  /**
   * Sends SIGTERM to the whole process group, then SIGKILL to what is left after {@code grace}
   * (at once when {@code grace} is zero). Returns at once; {@link #onExit()} tells the end.
   */
  void kill(Duration grace);
}
