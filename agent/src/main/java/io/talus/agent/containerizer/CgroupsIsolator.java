package io.talus.agent.containerizer;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What cgroups v1 and v2 share: a container is one directory in each hierarchy it uses. */
abstract class CgroupsIsolator implements Isolator {

  private static final Logger LOG = LoggerFactory.getLogger(CgroupsIsolator.class);

  static final long CFS_PERIOD_US = 100_000;

  protected final String cgroupRoot;

  CgroupsIsolator(String cgroupRoot) {
    this.cgroupRoot = segment("cgroup root", cgroupRoot);
  }

  /** The hierarchy roots this isolator makes a directory in for each container. */
  abstract List<Path> hierarchies();

  abstract String version();

  /** Files every new cgroup must have in each hierarchy, or the hierarchy is not a cgroupfs. */
  abstract List<List<String>> controlFiles();

  /** Makes the controllers available below the cgroup root (v2's subtree_control). */
  abstract void enableControllers() throws IOException;

  abstract void writeLimits(String cgroup, ResourceLimits limits) throws IOException;

  @Override
  public String description() {
    return "cgroups " + version() + " (cpu, memory) under " + cgroupRoot;
  }

  @Override
  public Optional<String> cgroupsVersion() {
    return Optional.of(version());
  }

  @Override
  public Optional<String> prepare(String containerId, ResourceLimits limits) throws IOException {
    String cgroup = cgroupRoot + "/" + segment("container id", containerId);
    try {
      enableControllers();
      for (Path hierarchy : hierarchies()) {
        Files.createDirectories(hierarchy.resolve(cgroup));
      }
      writeLimits(cgroup, limits);
    } catch (IOException | RuntimeException e) {
      destroy(cgroup);
      throw new IOException("cannot create cgroup " + cgroup + ": " + e.getMessage(), e);
    }
    LOG.info("Created cgroup {} for container {} (cpus {}, memory {} bytes)", cgroup, containerId,
        limits.cpus(), limits.memoryBytes());
    return Optional.of(cgroup);
  }

  @Override
  public List<Path> procsFiles(String cgroup) {
    return hierarchies().stream().map(h -> dir(h, cgroup).resolve("cgroup.procs")).toList();
  }

  @Override
  public boolean destroy(String cgroup) {
    boolean gone = true;
    for (Path hierarchy : hierarchies()) {
      Path dir = dir(hierarchy, cgroup);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      for (long pid : pids(dir)) {
        ProcessHandle.of(pid).ifPresent(p -> {
          LOG.info("Killing pid {} left in cgroup {}", pid, cgroup);
          p.destroyForcibly();
        });
      }
      try {
        // rmdir: a cgroup directory goes away with its control files once no process is in it.
        Files.delete(dir);
      } catch (NoSuchFileException e) {
        // removed concurrently
      } catch (IOException e) {
        LOG.debug("Cannot remove cgroup {} yet: {}", dir, e.toString());
        gone = false;
      }
    }
    return gone;
  }

  /**
   * Whether a cgroup can be made and removed here, and has the control files it should; empty
   * when it can, else why not.
   */
  Optional<String> probe() {
    String probe = cgroupRoot + "/probe-" + ProcessHandle.current().pid();
    List<Path> hierarchies = hierarchies();
    for (int i = 0; i < hierarchies.size(); i++) {
      Path hierarchy = hierarchies.get(i);
      Path dir = hierarchy.resolve(probe);
      try {
        if (i == 0) {
          enableControllers();
        }
        Files.createDirectories(dir);
        for (String file : controlFiles().get(i)) {
          if (!Files.exists(dir.resolve(file))) {
            return Optional.of("cgroups " + version() + " hierarchy " + hierarchy
                + " is not usable: a new cgroup has no " + file);
          }
        }
      } catch (IOException | RuntimeException e) {
        return Optional.of("cgroups " + version() + " hierarchy " + hierarchy
            + " not writable (" + e + ")");
      } finally {
        try {
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          LOG.warn("Cannot remove probe cgroup {}: {}", dir, e.toString());
        }
      }
    }
    return Optional.empty();
  }

  /** {@code cgroup} under {@code hierarchy}, refusing paths that would climb out of it. */
  static Path dir(Path hierarchy, String cgroup) {
    Path dir = hierarchy.resolve(cgroup).normalize();
    if (cgroup.startsWith("/") || !dir.startsWith(hierarchy) || dir.equals(hierarchy)) {
      throw new IllegalArgumentException("not a cgroup below " + hierarchy + ": " + cgroup);
    }
    return dir;
  }

  /** CFS quota for {@code cpus} per period; the kernel refuses quotas under 1 ms. */
  static long cfsQuota(double cpus) {
    return Math.max(1000, Math.round(cpus * CFS_PERIOD_US));
  }

  static void write(Path file, String value) throws IOException {
    // One write, no truncation: a cgroup file takes its value from a single write call.
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
  }

  /** The value of {@code key} in a flat-keyed file such as memory.events or memory.oom_control. */
  static OptionalLong keyed(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.trim().split("\\s+");
        if (kv.length == 2 && kv[0].equals(key)) {
          return OptionalLong.of(Long.parseLong(kv[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("Cannot read {} from {}: {}", key, file, e.toString());
    }
    return OptionalLong.empty();
  }

  static OptionalLong number(Path file) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static List<Long> pids(Path dir) {
    List<Long> pids = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("Cannot read {}: {}", dir.resolve("cgroup.procs"), e.toString());
    }
    return pids;
  }

  /** Ids from frameworks become directory names: one plain segment only. */
  static String segment(String what, String s) {
    if (s == null || s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/")
        || s.contains("\0") || s.contains("\n")) {
      throw new IllegalArgumentException("invalid " + what + " for a cgroup name: " + s);
    }
    return s;
  }
}
