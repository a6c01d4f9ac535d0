package io.talus.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The machine's processes as Linux's {@code /proc} shows them: enough to find a local cluster's
 * processes (by working directory or command line) whoever started them, and their process groups.
 */
public final class ProcTable {

  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /**
   * One process.
   *
   * @param state the one-letter state of {@code /proc/<pid>/stat}; {@code Z} (zombie) and {@code X}
   *     (dead) have exited
   * @param cwd empty when it cannot be read (gone, or a kernel thread)
   */
  public record Proc(long pid, long ppid, long pgrp, char state, List<String> argv, Optional<Path> cwd) {

    public boolean live() {
      return state != 'Z' && state != 'X';
    }

    /** Whether its working directory is {@code dir} or below it. */
    public boolean runsIn(Path dir) {
      return cwd.map(c -> c.startsWith(dir)).orElse(false);
    }

    /** Whether it works in {@code dir} or below, or names it (or something below it) in its argv. */
    public boolean under(Path dir) {
      String name = dir.toString();
      return cwd.map(c -> c.startsWith(dir)).orElse(false)
          || argv.stream().anyMatch(a -> a.equals(name) || a.contains(name + "/"));
    }

    @Override
    public String toString() {
      return "pid " + pid + " (group " + pgrp + ") " + String.join(" ", argv)
          + cwd.map(c -> " in " + c).orElse("");
    }
  }

  /** Every process now; those that vanish while being read are left out. */
  public static List<Proc> all() {
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

  public static Optional<Proc> get(long pid) {
    return read(pid);
  }

  /** Whether {@code pid} has not exited; a zombie has. */
  public static boolean alive(long pid) {
    return pid > 0 && read(pid).map(Proc::live).orElse(false);
  }

  /** The live processes whose working directory is {@code dir} or below it. */
  public static List<Proc> workingIn(Path dir) {
    return all().stream().filter(p -> p.live() && p.runsIn(dir)).toList();
  }

  /** The live processes working in {@code dir} whose argv is exactly {@code argv}. */
  public static List<Proc> running(Path dir, List<String> argv) {
    return workingIn(dir).stream().filter(p -> p.argv().equals(argv)).toList();
  }

  /** The live members of process group {@code pgid}. */
  public static List<Proc> group(long pgid) {
    return all().stream().filter(p -> p.live() && p.pgrp() == pgid).toList();
  }

  /** The cgroups of {@code pid} below {@code /<root>/} in every hierarchy: where the agent put a task. */
  public static List<Path> cgroupsBelow(long pid, String root) {
    List<Path> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("cgroup"))) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && f[2].startsWith("/" + root + "/")) {
          Path mount = f[1].isEmpty() ? Path.of("/sys/fs/cgroup") : Path.of("/sys/fs/cgroup", f[1].replace("name=", ""));
          out.add(mount.resolve(f[2].substring(1)));
        }
      }
    } catch (IOException e) {
      // gone already: nothing to clean up after it
    }
    return out;
  }

  private static Optional<Proc> read(long pid) {
    Path dir = PROC.resolve(Long.toString(pid));
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      // The command name is in parentheses and may itself hold spaces and parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
      List<String> argv = raw.length == 0 ? List.of()
          : Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
      Optional<Path> cwd;
      try {
        cwd = Optional.of(Files.readSymbolicLink(dir.resolve("cwd")));
      } catch (IOException e) {
        cwd = Optional.empty();
      }
      return Optional.of(new Proc(pid, Long.parseLong(f[1]), Long.parseLong(f[2]), f[0].charAt(0), argv, cwd));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
