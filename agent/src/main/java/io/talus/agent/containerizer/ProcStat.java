package io.talus.agent.containerizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} the launcher needs. The start time tells a process apart
 * from a later one that got the same pid; the state tells a zombie (which nothing may ever reap
 * when the machine's init does not) from a running process.
 *
 * @param startTicks field 22: when the process started, in clock ticks since boot
 */
record ProcStat(long pid, String comm, char state, long ppid, long pgrp, long session,
    long startTicks) {

  private static final Path PROC = Path.of("/proc");

  boolean zombie() {
    return state == 'Z' || state == 'X';
  }

  static Optional<ProcStat> read(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Every process of the machine that could be read. */
  static List<ProcStat> all() {
    List<ProcStat> all = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcStat::isPidDir)) {
      for (Path dir : dirs) {
        read(Long.parseLong(dir.getFileName().toString())).ifPresent(all::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return all;
  }

  /**
   * Parses one stat line. The command name (field 2) is in parentheses and may itself hold spaces
   * and parentheses, so the fields after it are counted from the last ')'.
   */
  static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
    }
    String[] f = line.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3, so field n is f[n - 3].
    return new ProcStat(
        Long.parseLong(line.substring(0, open).trim()),
        line.substring(open + 1, close),
        f[0].charAt(0),
        Long.parseLong(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[19]));
  }

  private static boolean isPidDir(Path p) {
    String name = p.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
