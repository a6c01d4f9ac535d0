package io.talus.bench.agent;

import io.talus.cli.local.ProcTable;
import io.talus.cli.local.ProcessReaper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The processes an agent left under its work dir (task supervisors and tasks run with their
 * sandbox as working directory and the supervisor script on their command line), found with
 * {@code talus local}'s {@link ProcTable}: weighed for the memory figures and, at the end, killed
 * with its {@link ProcessReaper}.
 */
final class SandboxProcesses {

  /** One process with its process group and memory, in KiB. */
  record Proc(long pid, long pgrp, long rssKiB, long pssKiB) {}

  private SandboxProcesses() {}

  /** Every live process whose working directory is under {@code workDir} or whose command line names it. */
  static List<Proc> under(Path workDir, Set<Long> excludedPids) {
    long self = ProcessHandle.current().pid();
    return ProcTable.all().stream()
        .filter(p -> p.live() && p.pid() != self && !excludedPids.contains(p.pid()) && p.under(workDir))
        .map(p -> {
          Path proc = Path.of("/proc", Long.toString(p.pid()));
          return new Proc(p.pid(), p.pgrp(), kib(proc.resolve("status"), "VmRSS:"),
              kib(proc.resolve("smaps_rollup"), "Pss:"));
        })
        .toList();
  }

  /**
   * SIGKILLs every process under {@code workDir} and the rest of their process groups (never this
   * JVM's own group or its ancestors); fails if any is left after a few seconds.
   */
  static void killAll(Path workDir) {
    List<ProcTable.Proc> left = new ProcessReaper(List.of(workDir)).reap(Duration.ofSeconds(10));
    if (!left.isEmpty()) {
      throw new IllegalStateException("processes left under " + workDir + ": " + left);
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
}
