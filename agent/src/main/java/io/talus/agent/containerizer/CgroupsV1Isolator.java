package io.talus.agent.containerizer;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** cgroups v1: one directory in the memory hierarchy and one in the cpu hierarchy. */
final class CgroupsV1Isolator extends CgroupsIsolator {

  private static final Logger LOG = LoggerFactory.getLogger(CgroupsV1Isolator.class);

  private final Path memory;
  private final Path cpu;

  CgroupsV1Isolator(Path memoryHierarchy, Path cpuHierarchy, String cgroupRoot) {
    super(cgroupRoot);
    this.memory = memoryHierarchy;
    this.cpu = cpuHierarchy;
  }

  @Override
  List<Path> hierarchies() {
    return List.of(memory, cpu);
  }

  @Override
  String version() {
    return "v1";
  }

  @Override
  List<List<String>> controlFiles() {
    return List.of(
        List.of("cgroup.procs", "memory.limit_in_bytes"),
        List.of("cgroup.procs", "cpu.shares", "cpu.cfs_quota_us"));
  }

  @Override
  void enableControllers() {
    // Every v1 cgroup has its hierarchy's controller.
  }

  @Override
  void writeLimits(String cgroup, ResourceLimits limits) throws IOException {
    if (limits.memoryBytes() > 0) {
      Path dir = dir(memory, cgroup);
      write(dir.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
      // Without swap accounting the file is absent; with it, the same limit keeps swap from
      // stretching the memory limit.
      Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(memsw)) {
        try {
          write(memsw, Long.toString(limits.memoryBytes()));
        } catch (IOException e) {
          LOG.debug("Cannot limit memory+swap of cgroup {}: {}", cgroup, e.toString());
        }
      }
    }
    if (limits.cpus() > 0) {
      Path dir = dir(cpu, cgroup);
      write(dir.resolve("cpu.shares"), Long.toString(Math.max(2, Math.round(1024 * limits.cpus()))));
      write(dir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
      write(dir.resolve("cpu.cfs_quota_us"), Long.toString(cfsQuota(limits.cpus())));
    }
  }

  @Override
  public boolean memoryLimitExceeded(String cgroup, OptionalInt exitCode) {
    Path dir = dir(memory, cgroup);
    OptionalLong oomKills = keyed(dir.resolve("memory.oom_control"), "oom_kill");
    if (oomKills.isPresent()) {
      return oomKills.getAsLong() > 0;
    }
    // Kernels before 4.13 do not count OOM kills: the limit was hit and something died of SIGKILL.
    return number(dir.resolve("memory.failcnt")).orElse(0) > 0
        && exitCode.isPresent() && exitCode.getAsInt() == 128 + 9;
  }
}
