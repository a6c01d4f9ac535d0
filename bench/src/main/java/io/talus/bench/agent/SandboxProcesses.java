package io.talus.bench.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes an agent left under its work dir, found through {@code /proc}: task supervisors
 * and tasks run with their sandbox as working directory and the supervisor script (in the work
 * dir) on their command line. Used to weigh them and, at the end, to kill every one of them.
 */
final class SandboxProcesses {

  /** One process with its process group and memory, in KiB. */
  record Proc(long pid, long pgrp, long rssKiB, long pssKiB) {}

  private static final Path PROC = Path.of("/proc");

  private SandboxProcesses() {}

  /** Every live process whose working directory is under {@code workDir} or whose command line names it. */
  static List<Proc> under(Path workDir, Set<Long> excludedPids) {
    String dir = workDir.toString();
    long self = ProcessHandle.current().pid();
    List<Proc> found = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path p : all) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == self || excludedPids.contains(pid) || !belongs(p, workDir, dir)) {
          continue;
        }
        Optional<Long> pgrp = pgrp(p);
        if (pgrp.isEmpty()) {
          continue; // it ended while we looked
        }
        found.add(new Proc(pid, pgrp.get(), kib(p.resolve("status"), "VmRSS:"),
            kib(p.resolve("smaps_rollup"), "Pss:")));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /**
   * SIGKILLs every process under {@code workDir} and every other member of their process groups
   * (never this JVM's own group, which the agent it started shares), until none is left or a few
   * rounds have passed. Returns how many processes it killed.
   */
  static int killAll(Path workDir, Set<Long> excludedPids) {
    long ownGroup = pgrp(PROC.resolve(Long.toString(ProcessHandle.current().pid()))).orElse(-1L);
    int killed = 0;
    for (int round = 0; round < 5; round++) {
      Set<Long> groups = new HashSet<>();
      List<Long> pids = new ArrayList<>();
      for (Proc p : under(workDir, excludedPids)) {
        pids.add(p.pid());
        if (p.pgrp() > 1 && p.pgrp() != ownGroup) {
          groups.add(p.pgrp());
        }
      }
      if (pids.isEmpty()) {
        break;
      }
      pids.addAll(membersOf(groups, excludedPids));
      for (long pid : new HashSet<>(pids)) {
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed++;
        }
      }
    }
    return killed;
  }

  private static List<Long> membersOf(Set<Long> groups, Set<Long> excludedPids) {
    List<Long> members = new ArrayList<>();
    if (groups.isEmpty()) {
      return members;
    }
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path p : all) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && !excludedPids.contains(pid) && pgrp(p).filter(groups::contains).isPresent()) {
          members.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return members;
  }

  private static boolean belongs(Path proc, Path workDir, String dir) {
    try {
      if (Files.readSymbolicLink(proc.resolve("cwd")).startsWith(workDir)) {
        return true;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not ours to read, or gone: the command line may still tell
    }
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).contains(dir);
    } catch (IOException e) {
      return false;
    }
  }

  /** Field 5 of {@code /proc/<pid>/stat}, counted after the parenthesized command name. */
  private static Optional<Long> pgrp(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(f[2]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A {@code "Name:   123 kB"} line of a /proc file, in KiB; 0 when absent. */
  static long kib(Path file, String name) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or a kernel without the file
    }
    return 0;
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
