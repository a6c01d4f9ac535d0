package io.talus.agent.containerizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to start.
 *
 * @param containerId unique per launch; names the cgroup
 * @param sandbox the working directory; receives {@code stdout} and {@code stderr}
 * @param statusDir where the supervisor keeps its pid and exit-status files (created if absent)
 * @param argv the command: {@code ["/bin/sh", "-c", "..."]} for a shell command
 * @param environment the whole environment of the process (nothing is inherited from the agent
 *     beyond {@code PATH} when absent here)
 * @param limits resource limits to enforce where the machine allows it
 */
public record LaunchSpec(
    String containerId,
    Path sandbox,
    Path statusDir,
    List<String> argv,
    Map<String, String> environment,
    ResourceLimits limits) {

  public LaunchSpec {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(statusDir, "statusDir");
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
    environment = Map.copyOf(environment);
    Objects.requireNonNull(limits, "limits");
  }

  /** CPU and memory limits; {@code 0} means no limit of that kind. */
  public record ResourceLimits(double cpus, long memoryBytes) {
    public static final ResourceLimits NONE = new ResourceLimits(0, 0);
  }
}
