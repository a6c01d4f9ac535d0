package io.talus.cli.agent;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The machine's processes as {@code /proc} shows them, so tests can tell what a task's processes
 * are without trusting what the agent says about them: their pid, parent, process group, state,
 * argv and working directory (a task's sandbox).
 */
final class ProcTable {

  private static final Path PROC = Path.of("/proc");
  private static final Path CGROUP_FS = Path.of("/sys/fs/cgroup");

  private ProcTable() {}

  /**
   * One process.
   *
   * @param state the one-letter state of {@code /proc/<pid>/stat}; {@code Z} is a zombie: it has
   *     exited and holds nothing but its pid until its parent reaps it
   * @param cwd empty when it cannot be read (the process is gone, or a kernel thread)
   */
  record Proc(long pid, long ppid, long pgrp, char state, List<String> argv, Optional<Path> cwd) {

    boolean zombie() {
      return state == 'Z' || state == 'X';
    }

    boolean live() {
      return !zombie();
    }

    boolean runsIn(Path dir) {
      return cwd.map(c -> c.startsWith(dir)).orElse(false);
    }

    boolean mentions(String text) {
      return argv.stream().anyMatch(a -> a.contains(text));
    }

    @Override
    public String toString() {
      return "pid=" + pid + " ppid=" + ppid + " pgrp=" + pgrp + " state=" + state + " argv=" + argv
          + " cwd=" + cwd.map(Path::toString).orElse("?");
    }
  }

  /** Every process there is now (those that vanish while being read are left out). */
  static List<Proc> all() {
    List<Proc> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        read(Long.parseLong(dir.getFileName().toString())).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return out;
  }

  static Optional<Proc> get(long pid) {
    return read(pid);
  }

  /** Whether {@code pid} is a process that has not exited (a zombie has). */
  static boolean alive(long pid) {
    return read(pid).map(Proc::live).orElse(false);
  }

  /** The live processes whose working directory is {@code dir} or below it. */
  static List<Proc> workingIn(Path dir) {
    return all().stream().filter(p -> p.live() && p.runsIn(dir)).toList();
  }

  /** The live processes working in {@code dir} whose argv is exactly {@code argv}. */
  static List<Proc> running(Path dir, List<String> argv) {
    return workingIn(dir).stream().filter(p -> p.argv().equals(argv)).toList();
  }

  /** Waits until exactly one live process works in {@code dir} with exactly {@code argv}; returns it. */
  static Proc awaitOne(Path dir, List<String> argv) {
    return await(argv + " running in " + dir).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> running(dir, argv), found -> found.size() == 1).get(0);
  }

  /** The live members of process group {@code pgid}. */
  static List<Proc> group(long pgid) {
    return all().stream().filter(p -> p.live() && p.pgrp() == pgid).toList();
  }

  /**
   * The directories of the cgroups {@code pid} is in below {@code /<root>/} (the agent's
   * containers), in every hierarchy mounted under {@code /sys/fs/cgroup}.
   */
  static List<Path> containerCgroups(long pid, String root) {
    List<Path> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("cgroup"))) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && f[2].startsWith("/" + root + "/")) {
          Path mount = f[1].isEmpty() ? CGROUP_FS : CGROUP_FS.resolve(f[1].replace("name=", ""));
          out.add(mount.resolve(f[2].substring(1)));
        }
      }
    } catch (IOException e) {
      // gone already
    }
    return out;
  }

  private static Optional<Proc> read(long pid) {
    Path dir = PROC.resolve(Long.toString(pid));
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      // The command name is in parentheses and may itself hold spaces and parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      char state = f[0].charAt(0);
      long ppid = Long.parseLong(f[1]);
      long pgrp = Long.parseLong(f[2]);
      byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
      List<String> argv = raw.length == 0 ? List.of()
          : Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
      Optional<Path> cwd;
      try {
        cwd = Optional.of(Files.readSymbolicLink(dir.resolve("cwd")));
      } catch (IOException e) {
        cwd = Optional.empty();
      }
      return Optional.of(new Proc(pid, ppid, pgrp, state, argv, cwd));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
