package io.talus.agent.containerizer;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Holds a container's processes to its limits. Chosen once, when the launcher is built (see
 * {@link Isolation}), because what the machine offers does not change while the agent runs.
 * A cgroup is named by its path relative to the hierarchy roots ({@code talus/<container id>}),
 * which is what the agent checkpoints.
 */
interface Isolator {

  /** For {@link ProcessLauncher#isolation()}: what is enforced, or {@code "none: <why>"}. */
  String description();

  /** "v1" or "v2" when cgroups are in use. */
  Optional<String> cgroupsVersion();

  /**
   * Creates the container's cgroup with {@code limits} before its process starts; empty when this
   * isolator makes none.
   */
  Optional<String> prepare(String containerId, ResourceLimits limits) throws IOException;

  /** The files a process writes its pid into to join {@code cgroup}, in every hierarchy. */
  List<Path> procsFiles(String cgroup);

  /** Whether the kernel killed a process of {@code cgroup} because it hit its memory limit. */
  boolean memoryLimitExceeded(String cgroup, OptionalInt exitCode);

  /**
   * Kills what still runs in {@code cgroup} (processes that left the task's process group) and
   * removes it; false while the kernel still calls it busy.
   */
  boolean destroy(String cgroup);

  /** Runs without cgroups, and says why. */
  record None(String reason) implements Isolator {

    @Override
    public String description() {
      return "none: " + reason;
    }

    @Override
    public Optional<String> cgroupsVersion() {
      return Optional.empty();
    }

    @Override
    public Optional<String> prepare(String containerId, ResourceLimits limits) {
      return Optional.empty();
    }

    @Override
    public List<Path> procsFiles(String cgroup) {
      return List.of();
    }

    @Override
    public boolean memoryLimitExceeded(String cgroup, OptionalInt exitCode) {
      return false;
    }

    @Override
    public boolean destroy(String cgroup) {
      return true;
    }
  }
}
