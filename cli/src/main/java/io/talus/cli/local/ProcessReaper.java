package io.talus.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kills, with SIGKILL, every process that works in or names one of a cluster's node work dirs:
 * task supervisors and tasks (which run in process groups of their own and outlive their agent
 * on purpose), executors, and nodes someone restarted by hand. A task's whole process group goes,
 * so a child it forked is not orphaned; the reaper's own group (a node started by {@code talus
 * local} shares it) and its ancestors are never signalled as a group.
 */
public final class ProcessReaper {

  /** The agent's default {@code --cgroups_root}: a task's cgroups are below it. */
  private static final String CGROUPS_ROOT = "talus";

  private final List<Path> roots;
  private final Set<Long> spared = new HashSet<>();
  private final Set<Long> sparedGroups = new HashSet<>();

  public ProcessReaper(List<Path> roots) {
    this.roots = List.copyOf(roots);
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
      long pid = p.get().pid();
      spared.add(pid);
      sparedGroups.add(pid);
      ProcTable.get(pid).ifPresent(proc -> sparedGroups.add(proc.pgrp()));
    }
    sparedGroups.add(0L);
    sparedGroups.add(1L);
  }

  /** The live processes that belong to the cluster, this process and its ancestors aside. */
  public List<ProcTable.Proc> leftovers() {
    return ProcTable.all().stream()
        .filter(p -> p.live() && !spared.contains(p.pid()) && roots.stream().anyMatch(p::under))
        .toList();
  }

  /**
   * Kills the leftovers until there are none, or {@code timeout} passed.
   *
   * @return what was still alive at the end (empty: the machine is clean)
   */
  public List<ProcTable.Proc> reap(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Path> cgroups = new LinkedHashSet<>();
    List<ProcTable.Proc> left = leftovers();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Set<Long> groups = new LinkedHashSet<>();
      for (ProcTable.Proc p : left) {
        cgroups.addAll(ProcTable.cgroupsBelow(p.pid(), CGROUPS_ROOT));
        if (!sparedGroups.contains(p.pgrp())) {
          groups.add(p.pgrp());
        }
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
      groups.forEach(ProcessReaper::killGroup);
      pause();
      left = leftovers();
    }
    removeEmpty(cgroups);
    return left;
  }

  /** SIGKILL to a whole process group; Java has no call for that, the shell's kill does. */
  private static void killGroup(long pgid) {
    try {
      Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s KILL -- \"-$1\" 2>/dev/null", "kill-group",
          Long.toString(pgid)).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // The members were also killed one by one; the next round sees what is left.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The agent removes a task's cgroups when it sees the task end; it was stopped before that. */
  private static void removeEmpty(Set<Path> cgroups) {
    for (Path cgroup : cgroups) {
      try {
        Files.deleteIfExists(cgroup);
      } catch (IOException e) {
        // Not empty (another process there) or already gone: not ours to force.
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
