package io.talus.agent.containerizer;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process group of one task, named by its leader's pid. Signals go to the whole group at once
 * through the kernel ({@code kill(-pgid)}), which no child can escape by forking in between, as it
 * could a scan of {@code /proc} followed by one kill per pid.
 *
 * <p>The pid may be reused once the leader is gone, so the group is only signalled when the leader
 * is still the process that was started (same start ticks), or when no process has that pid any
 * more: a group outlives its leader, and a new group with that id can only be made by a new
 * process with that pid.
 */
final class ProcessGroup {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);

  private final long pgid;
  private final long leaderStartTicks;

  /** {@code leaderStartTicks} is 0 when unknown (the leader had already gone when it was read). */
  ProcessGroup(long pgid, long leaderStartTicks) {
    this.pgid = pgid;
    this.leaderStartTicks = leaderStartTicks;
  }

  long pgid() {
    return pgid;
  }

  /** The leader is the process that was started and has not exited. */
  boolean leaderRunning() {
    return ProcStat.read(pgid)
        .filter(s -> leaderStartTicks != 0 && s.startTicks() == leaderStartTicks && !s.zombie())
        .isPresent();
  }

  /** Members that have not exited (zombies excluded: they hold no resources but a pid). */
  List<ProcStat> runningMembers() {
    return ProcStat.all().stream().filter(s -> s.pgrp() == pgid && !s.zombie()).toList();
  }

  /** Whether a signal to {@code -pgid} can only reach this group's processes. */
  boolean stillOurs() {
    return ProcStat.read(pgid)
        .map(s -> leaderStartTicks != 0 && s.startTicks() == leaderStartTicks)
        .orElse(true);
  }

  /** Sends {@code signal} ("TERM", "KILL") to the group; false when not sent. */
  boolean signal(String signal) {
    if (!stillOurs()) {
      LOG.warn("Not sending SIG{} to process group {}: its pid now belongs to another process",
          signal, pgid);
      return false;
    }
    // The shell's kill builtin, because Java can signal one pid but not a process group.
    ProcessBuilder pb = new ProcessBuilder(
        "/bin/sh", "-c", "kill -s \"$1\" -- \"-$2\" 2>/dev/null", "talus-kill", signal,
        Long.toString(pgid));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process kill = pb.start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        LOG.warn("kill -{} of process group {} did not return", signal, pgid);
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("Cannot send SIG{} to process group {}: {}", signal, pgid, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
