package io.talus.cli.execute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an agent's work dir and {@code /proc} say about a framework's tasks: the run directories of
 * each command task ({@code .../frameworks/F/executors/TASK/runs/CONTAINER}, the executor ID of a
 * command task being its task ID), what their stdout holds, and the processes running in them.
 */
final class Sandboxes {

  private Sandboxes() {}

  /** Task ID to its run directories ({@code runs/latest}, a symlink, left out). */
  static Map<String, List<Path>> runs(Path agentWorkDir, String frameworkId) {
    Map<String, List<Path>> runs = new TreeMap<>();
    try (Stream<Path> frameworkDirs = Files.find(agentWorkDir, 4,
        (p, a) -> a.isDirectory() && p.getFileName().toString().equals(frameworkId)
            && p.getParent().getFileName().toString().equals("frameworks"))) {
      for (Path framework : frameworkDirs.toList()) {
        for (Path executor : list(framework.resolve("executors"))) {
          List<Path> dirs = new ArrayList<>();
          for (Path run : list(executor.resolve("runs"))) {
            if (!Files.isSymbolicLink(run) && Files.isDirectory(run)) {
              dirs.add(run);
            }
          }
          runs.computeIfAbsent(executor.getFileName().toString(), k -> new ArrayList<>()).addAll(dirs);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runs;
  }

  static String stdout(Path run) {
    try {
      Path file = run.resolve("stdout");
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pids of the live processes whose working directory is under {@code dir} and argv is {@code argv}. */
  static List<Long> processes(Path dir, List<String> argv) {
    List<Long> pids = new ArrayList<>();
    for (Path proc : list(Path.of("/proc"))) {
      String name = proc.getFileName().toString();
      if (!name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      try {
        String stat = Files.readString(proc.resolve("stat"));
        char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
        byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
        List<String> args = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
        if (state != 'Z' && args.equals(argv) && Files.readSymbolicLink(proc.resolve("cwd")).startsWith(dir)) {
          pids.add(Long.parseLong(name));
        }
      } catch (IOException | RuntimeException e) {
        // gone while we looked, or not ours to read
      }
    }
    return pids;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
