package io.talus.agent.containerizer;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** cgroups v2: one directory in the unified hierarchy, with the cpu and memory controllers. */
final class CgroupsV2Isolator extends CgroupsIsolator {

  private static final List<String> CONTROLLERS = List.of("cpu", "memory");

  private final Path root;

  CgroupsV2Isolator(Path unifiedRoot, String cgroupRoot) {
    super(cgroupRoot);
    this.root = unifiedRoot;
  }

  @Override
  List<Path> hierarchies() {
    return List.of(root);
  }

  @Override
  String version() {
    return "v2";
  }

  @Override
  List<List<String>> controlFiles() {
    return List.of(List.of("cgroup.procs", "memory.max", "memory.events", "cpu.max"));
  }

  /**
   * A v2 cgroup has a controller only when its parent lists it in {@code cgroup.subtree_control}:
   * enable them in the hierarchy root and in the cgroup root (which holds no process itself, as v2
   * requires of a cgroup that hands controllers down).
   */
  @Override
  synchronized void enableControllers() throws IOException {
    Path parent = dir(root, cgroupRoot);
    Files.createDirectories(parent);
    enableIn(root);
    enableIn(parent);
  }

  private static void enableIn(Path dir) throws IOException {
    Path control = dir.resolve("cgroup.subtree_control");
    List<String> enabled = Arrays.asList(Files.readString(control).trim().split("\\s+"));
    for (String controller : CONTROLLERS) {
      if (!enabled.contains(controller)) {
        write(control, "+" + controller);
      }
    }
  }

  @Override
  void writeLimits(String cgroup, ResourceLimits limits) throws IOException {
    Path dir = dir(root, cgroup);
    if (limits.memoryBytes() > 0) {
      write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
    }
    if (limits.cpus() > 0) {
      write(dir.resolve("cpu.max"),
          cfsQuota(limits.cpus()) + " " + CFS_PERIOD_US);
    }
  }

  @Override
  public boolean memoryLimitExceeded(String cgroup, OptionalInt exitCode) {
    return keyed(dir(root, cgroup).resolve("memory.events"), "oom_kill").orElse(0) > 0;
  }
}
