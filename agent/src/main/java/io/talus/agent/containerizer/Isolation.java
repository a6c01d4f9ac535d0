package io.talus.agent.containerizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the isolator once, at start-up, from what the machine offers. The cgroup filesystem root
 * is a parameter so that the choice can be tested against fake directory trees without root.
 */
final class Isolation {

  private static final Logger LOG = LoggerFactory.getLogger(Isolation.class);

  static final Path CGROUP_FS = Path.of("/sys/fs/cgroup");

  /** What the agent's {@code --isolation} flag asks for. */
  enum Mode {
    /** cgroups when usable, else none (and say why). */
    AUTO,
    /** cgroups or refuse to start. */
    CGROUPS,
    NONE;

    static Mode parse(String mode) {
      try {
        return valueOf(mode.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "isolation mode must be auto, cgroups or none, not " + mode, e);
      }
    }
  }

  /** The cgroup hierarchies found, before any is tried. */
  sealed interface Layout {
    record V1(Path memory, Path cpu) implements Layout {}

    record V2(Path root) implements Layout {}

    record Unusable(String reason) implements Layout {}
  }

  private Isolation() {}

  /**
   * The isolator for {@code mode}.
   *
   * @throws IllegalStateException with the reason when {@code mode} is "cgroups" and they are not
   *     usable
   */
  static Isolator select(String mode, Path cgroupFs, String cgroupRoot) {
    Mode m = Mode.parse(mode);
    if (m == Mode.NONE) {
      return new Isolator.None("isolation mode 'none' asked for");
    }
    Isolator chosen = detect(cgroupFs, cgroupRoot);
    if (chosen instanceof Isolator.None none) {
      if (m == Mode.CGROUPS) {
        throw new IllegalStateException("cgroups isolation asked for but not usable: "
            + none.reason());
      }
      LOG.warn("Running tasks without isolation: {}", none.reason());
    } else {
      LOG.info("Isolating tasks with {}", chosen.description());
    }
    return chosen;
  }

  /** cgroups if a hierarchy is found and a probe cgroup can be made in it, else why not. */
  static Isolator detect(Path cgroupFs, String cgroupRoot) {
    Layout layout = layout(cgroupFs);
    CgroupsIsolator isolator;
    if (layout instanceof Layout.V1 v1) {
      isolator = new CgroupsV1Isolator(v1.memory(), v1.cpu(), cgroupRoot);
    } else if (layout instanceof Layout.V2 v2) {
      isolator = new CgroupsV2Isolator(v2.root(), cgroupRoot);
    } else {
      return new Isolator.None(((Layout.Unusable) layout).reason());
    }
    Optional<String> failure = isolator.probe();
    if (failure.isPresent()) {
      return new Isolator.None(failure.get());
    }
    return isolator;
  }

  /**
   * Which hierarchies {@code cgroupFs} holds. v2 only counts when it is the unified hierarchy at
   * the root with both controllers: a hybrid system also mounts a v2 hierarchy (at
   * {@code unified/}) but with no controllers in it, and the v1 ones are what it uses.
   */
  static Layout layout(Path cgroupFs) {
    Path controllers = cgroupFs.resolve("cgroup.controllers");
    if (Files.isRegularFile(controllers)) {
      List<String> available = readWords(controllers);
      if (available.containsAll(List.of("cpu", "memory"))) {
        return new Layout.V2(cgroupFs);
      }
      return new Layout.Unusable("cgroups v2 at " + cgroupFs
          + " lacks the cpu or memory controller (has " + String.join(" ", available) + ")");
    }
    Path memory = cgroupFs.resolve("memory");
    Path cpu = cgroupFs.resolve("cpu");
    boolean hasMemory = Files.isRegularFile(memory.resolve("memory.limit_in_bytes"));
    boolean hasCpu = Files.isRegularFile(cpu.resolve("cpu.cfs_quota_us"));
    if (hasMemory && hasCpu) {
      return new Layout.V1(memory, cpu);
    }
    if (!Files.isDirectory(cgroupFs)) {
      return new Layout.Unusable("no cgroup filesystem at " + cgroupFs);
    }
    return new Layout.Unusable("no cgroups v2 with cpu and memory at " + cgroupFs
        + ", and no cgroups v1 " + (hasMemory ? "cpu" : hasCpu ? "memory" : "cpu and memory")
        + " hierarchy under it");
  }

  private static List<String> readWords(Path file) {
    try {
      String s = Files.readString(file).trim();
      return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
