package io.talus.agent.containerizer;

import io.talus.protocol.agent.ProcessRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * Starts task and executor processes so that they outlive the agent, and finds them again after
 * the agent restarts. The real implementation is {@link SupervisedProcessLauncher}; tests of the
 * agent's logic use {@link FakeProcessLauncher}.
 */
public interface ProcessLauncher {

  /**
   * Starts {@code spec}'s command in its own process group, with stdout and stderr going to the
   * files {@code stdout} and {@code stderr} in {@code spec.sandbox()}, under the isolation limits
   * of {@code spec.limits()} where the machine allows it. Returns once the process runs and its
   * pid is known.
   */
  LaunchedProcess launch(LaunchSpec spec) throws IOException;

  /**
   * After an agent restart: the process of {@code record} if it still runs (same pid and start
   * time), else a handle whose {@link LaunchedProcess#onExit()} is already complete with the exit
   * status the supervisor recorded (or {@link ExitStatus#unknown} when none was recorded).
   */
  LaunchedProcess recover(ProcessRecord record);

  /** How this launcher isolates processes, e.g. "cgroups v1 (cpu, memory)" or "none: ...why". */
  String isolation();

  /** The isolation in effect, when there is one. */
  default Optional<String> cgroupsVersion() {
    return Optional.empty();
  }
}
