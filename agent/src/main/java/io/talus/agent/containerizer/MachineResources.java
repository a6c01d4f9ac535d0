package io.talus.agent.containerizer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What an agent offers when it is given no {@code --resources}: the machine, minus what Mesos
 * keeps back for the system (up to 1 GiB of memory and 5 GiB of disk, never more than half).
 */
public final class MachineResources {

  static final long MIB = 1024L * 1024;
  static final long GIB = 1024 * MIB;
  static final String PORTS = "[31000-32000]";

  private MachineResources() {}

  /**
   * In Mesos {@code --resources} syntax, e.g. {@code cpus:2;mem:23000;disk:12345;ports:[31000-32000]}
   * (parse it with {@code Resources.parse}).
   *
   * @param workDir where sandboxes go: its file system is the disk offered
   */
  public static String detect(Path workDir) throws IOException {
    return format(Runtime.getRuntime().availableProcessors(), totalMemoryBytes(),
        usableDiskBytes(workDir));
  }

  static String format(int cpus, long memoryBytes, long diskBytes) {
    long mem = (memoryBytes - Math.min(GIB, memoryBytes / 2)) / MIB;
    long disk = (diskBytes - Math.min(5 * GIB, diskBytes / 2)) / MIB;
    return "cpus:" + cpus + ";mem:" + mem + ";disk:" + disk + ";ports:" + PORTS;
  }

  static long totalMemoryBytes() {
    OptionalLong fromProc = memTotal(Path.of("/proc/meminfo"));
    if (fromProc.isPresent()) {
      return fromProc.getAsLong();
    }
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
  }

  /** {@code MemTotal: 24684544 kB} in bytes. */
  static OptionalLong memTotal(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          String[] f = line.substring("MemTotal:".length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(f[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall back to the JVM's view
    }
    return OptionalLong.empty();
  }

  /** The work dir may not exist yet: its closest existing ancestor is on the same file system. */
  static long usableDiskBytes(Path workDir) throws IOException {
    Path p = workDir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IOException("no existing directory above " + workDir);
    }
    return Files.getFileStore(p).getUsableSpace();
  }
}
