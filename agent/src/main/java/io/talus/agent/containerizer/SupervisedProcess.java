package io.talus.agent.containerizer;

import io.talus.protocol.agent.ProcessRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task process under its supervisor. Its end is learnt from the supervisor: at once when this
 * JVM started the supervisor (its exit is reported to us), by polling when the process was
 * recovered after an agent restart (the supervisor is no child of ours then). Either way the exit
 * status comes from the file the supervisor wrote, so both paths read it the same way.
 */
final class SupervisedProcess implements LaunchedProcess {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);

  private static final int CGROUP_REMOVAL_ATTEMPTS = 50;
  private static final Duration GROUP_EXIT_POLL = Duration.ofMillis(20);

  private final String containerId;
  private final ProcessRecord record;
  private final Path statusDir;
  private final ProcessGroup group;
  private final Isolator isolator;
  private final ScheduledExecutorService scheduler;
  private final Duration pollInterval;
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

  SupervisedProcess(String containerId, ProcessRecord record, Isolator isolator,
      ScheduledExecutorService scheduler, Duration pollInterval) {
    this.containerId = containerId;
    this.record = record;
    // Without one, only the pids can tell whether it still runs.
    this.statusDir = record.hasStatusDir() ? Path.of(record.getStatusDir()) : null;
    this.group = new ProcessGroup(record.getPid(), record.getStartTicks());
    this.isolator = isolator;
    this.scheduler = scheduler;
    this.pollInterval = pollInterval;
  }

  /** Follows a supervisor this JVM started. */
  void watch(Process supervisor) {
    // Not on the JDK's reaper thread: its stack is small, and callers' callbacks run on ours.
    supervisor.onExit().whenCompleteAsync((p, e) -> poll(), scheduler);
  }

  /** Follows a supervisor of an earlier agent: decides at once when it can, else polls. */
  void watchRecovered() {
    schedule(check());
  }

  @Override
  public long pid() {
    return record.getPid();
  }

  @Override
  public ProcessRecord record() {
    return record;
  }

  /** A copy each time, so that no caller can complete or cancel it for the others. */
  @Override
  public CompletableFuture<ExitStatus> onExit() {
    return exit.copy();
  }

  /** The signals are sent from the scheduler: sending one to a group takes a {@code kill} run. */
  @Override
  public void kill(Duration grace) {
    if (exit.isDone()) {
      return;
    }
    LOG.info("Killing container {} pid {} (SIGTERM, SIGKILL after {} ms)", containerId, pid(),
        grace.toMillis());
    scheduler.execute(() -> {
      if (!exit.isDone()) {
        group.signal("TERM");
      }
    });
    scheduler.schedule(() -> {
      if (!exit.isDone()) {
        if (!grace.isZero() && !grace.isNegative()) {
          LOG.info("Container {} pid {} outlived its grace period: SIGKILL", containerId, pid());
        }
        group.signal("KILL");
      }
    }, Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
  }

  private void poll() {
    Next next;
    try {
      next = check();
    } catch (RuntimeException e) {
      LOG.error("Cannot check container {} pid {}; checking again later", containerId, pid(), e);
      next = Next.LATER;
    }
    schedule(next);
  }

  private void schedule(Next next) {
    Duration delay = switch (next) {
      case DONE -> null;
      case SOON -> GROUP_EXIT_POLL;
      case LATER -> pollInterval;
    };
    if (delay != null) {
      scheduler.schedule(this::poll, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** What {@link #check} found: over, or when to look again. */
  enum Next {
    DONE,
    /** Killed processes of the group are still on their way out. */
    SOON,
    /** The supervisor or the task still runs. */
    LATER
  }

  /** Completes {@link #exit} once the process and its group are over. */
  synchronized Next check() {
    if (exit.isDone()) {
      return Next.DONE;
    }
    Optional<OptionalInt> recorded = readExitStatus();
    if (recorded.isEmpty() && supervisorRunning()) {
      return Next.LATER;
    }
    if (recorded.isEmpty()) {
      // The supervisor may have written the file and exited since the first look.
      recorded = readExitStatus();
    }
    // Without a recorded status the supervisor was killed on its own: the task may still run.
    if (recorded.isEmpty() && group.leaderRunning()) {
      return Next.LATER;
    }
    if (group.stillOurs() && !group.runningMembers().isEmpty()) {
      // The supervisor's SIGKILL may not have landed yet, or there was no supervisor to send it.
      group.signal("KILL");
      return Next.SOON;
    }
    finish(recorded.orElse(OptionalInt.empty()));
    return Next.DONE;
  }

  private boolean supervisorRunning() {
    long ticks = record.getSupervisorStartTicks();
    return ProcStat.read(record.getSupervisorPid())
        .filter(s -> !s.zombie() && (ticks == 0 || s.startTicks() == ticks))
        .isPresent();
  }

  /** Empty when nothing is recorded yet; an empty code when the file cannot be understood. */
  private Optional<OptionalInt> readExitStatus() {
    if (statusDir == null) {
      return Optional.empty();
    }
    try {
      String s = Files.readString(statusDir.resolve(SupervisorScript.EXIT_STATUS)).trim();
      try {
        return Optional.of(OptionalInt.of(Integer.parseInt(s)));
      } catch (NumberFormatException e) {
        LOG.warn("Container {} pid {}: unreadable exit status '{}'", containerId, pid(), s);
        return Optional.of(OptionalInt.empty());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("Container {} pid {}: cannot read exit status: {}", containerId, pid(), e.toString());
      return Optional.empty();
    }
  }

  private void finish(OptionalInt code) {
    boolean oom = false;
    if (record.hasCgroup()) {
      try {
        // Read before the cgroup goes: its counters go with it.
        oom = isolator.memoryLimitExceeded(record.getCgroup(), code);
      } catch (RuntimeException e) {
        LOG.warn("Container {}: cannot read the memory events of cgroup {}: {}", containerId,
            record.getCgroup(), e.toString());
      }
      removeCgroup(CGROUP_REMOVAL_ATTEMPTS);
    }
    ExitStatus status = new ExitStatus(code, oom);
    LOG.info("Container {} pid {} ended: {}", containerId, pid(), status.message());
    exit.complete(status);
  }

  private void removeCgroup(int attemptsLeft) {
    boolean removed;
    try {
      removed = isolator.destroy(record.getCgroup());
    } catch (RuntimeException e) {
      LOG.warn("Container {}: cannot remove cgroup {}: {}", containerId, record.getCgroup(),
          e.toString());
      return;
    }
    if (removed) {
      LOG.debug("Container {}: removed cgroup {}", containerId, record.getCgroup());
    } else if (attemptsLeft > 1) {
      scheduler.schedule(() -> removeCgroup(attemptsLeft - 1), 100, TimeUnit.MILLISECONDS);
    } else {
      LOG.warn("Container {}: cgroup {} still busy; leaving it", containerId, record.getCgroup());
    }
  }
}
