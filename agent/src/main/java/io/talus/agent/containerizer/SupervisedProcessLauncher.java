package io.talus.agent.containerizer;

import io.talus.protocol.agent.ProcessRecord;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each task under its own {@link SupervisorScript supervisor}: a shell, not a JVM, so a
 * small agent runs hundreds of tasks; in a session of its own, so it outlives the agent; and it
 * records the task's exit status in files, so a restarted agent learns how the task ended.
 *
 * <p>Per task the launcher keeps a status directory with {@code pid}, {@code exit_status} and
 * {@code supervisor.log}; the task writes {@code stdout} and {@code stderr} in its sandbox.
 */
public final class SupervisedProcessLauncher implements ProcessLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcessLauncher.class);

  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  public static final String DEFAULT_CGROUP_ROOT = "talus";

  private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RECOVERED_POLL = Duration.ofMillis(500);

  private final Path script;
  private final Path setsid;
  private final Path mv;
  private final Isolator isolator;
  private final ScheduledExecutorService scheduler;
  private final Duration pollInterval;

  SupervisedProcessLauncher(Path supervisorDir, Isolator isolator,
      ScheduledExecutorService scheduler, Duration pollInterval) throws IOException {
    this.script = SupervisorScript.install(supervisorDir.toAbsolutePath());
    this.setsid = SupervisorScript.tool("setsid");
    this.mv = SupervisorScript.tool("mv");
    this.isolator = Objects.requireNonNull(isolator, "isolator");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.pollInterval = pollInterval;
  }

  /**
   * A launcher that keeps its supervisor script in {@code supervisorDir}.
   *
   * @param isolationMode "auto" (cgroups when usable, else none, saying why in {@link
   *     #isolation()}), "cgroups" (or fail) or "none"
   * @param cgroupRoot the cgroup under which each container gets its own, e.g. "talus"
   * @param scheduler runs the SIGKILLs after grace periods and the watch of recovered processes;
   *     its threads should be daemons
   * @throws IllegalStateException when "cgroups" is asked for and they are not usable, or a tool
   *     the supervisor needs ({@code setsid}, {@code mv}) is missing
   */
  public static SupervisedProcessLauncher create(Path supervisorDir, String isolationMode,
      String cgroupRoot, ScheduledExecutorService scheduler) throws IOException {
    return new SupervisedProcessLauncher(supervisorDir,
        Isolation.select(isolationMode, Isolation.CGROUP_FS, cgroupRoot), scheduler,
        RECOVERED_POLL);
  }

  @Override
  public LaunchedProcess launch(LaunchSpec spec) throws IOException {
    Path sandbox = spec.sandbox().toAbsolutePath();
    Path statusDir = spec.statusDir().toAbsolutePath();
    Files.createDirectories(statusDir);
    for (String stale : List.of(SupervisorScript.PID, SupervisorScript.EXIT_STATUS)) {
      Files.deleteIfExists(statusDir.resolve(stale));
      Files.deleteIfExists(statusDir.resolve(stale + ".tmp"));
    }
    Optional<String> cgroup = isolator.prepare(spec.containerId(), spec.limits());
    try {
      return start(spec, sandbox, statusDir, cgroup);
    } catch (IOException | RuntimeException e) {
      cgroup.ifPresent(isolator::destroy);
      throw e;
    }
  }

  private LaunchedProcess start(LaunchSpec spec, Path sandbox, Path statusDir,
      Optional<String> cgroup) throws IOException {
    List<Path> procs = cgroup.map(isolator::procsFiles).orElse(List.of());
    List<String> command = new ArrayList<>(List.of(
        setsid.toString(), "/bin/sh", script.toString(),
        statusDir.toString(), setsid.toString(), mv.toString(),
        spec.environment().containsKey("PWD") ? "1" : "0",
        Integer.toString(procs.size())));
    procs.forEach(p -> command.add(p.toString()));
    command.addAll(spec.argv());

    ProcessBuilder pb = new ProcessBuilder(command).directory(sandbox.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(spec.environment());
    env.putIfAbsent("PATH", DEFAULT_PATH);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(
        statusDir.resolve(SupervisorScript.LOG).toFile()));
    pb.redirectErrorStream(true);
    Process supervisor = pb.start();

    long supervisorTicks = ProcStat.read(supervisor.pid()).map(ProcStat::startTicks).orElse(0L);
    long pid = awaitPid(spec.containerId(), statusDir, supervisor);
    Optional<ProcStat> stat = ProcStat.read(pid);
    if (stat.isPresent() && stat.get().pgrp() != pid) {
      LOG.warn("Container {} pid {} is not its process group's leader (group {})",
          spec.containerId(), pid, stat.get().pgrp());
    }
    ProcessRecord.Builder record = ProcessRecord.newBuilder()
        .setPid(pid)
        .setSupervisorPid(supervisor.pid())
        .setStatusDir(statusDir.toString());
    // A command that is already over has no start time left to read; its status is recorded.
    stat.ifPresent(s -> record.setStartTicks(s.startTicks()));
    if (supervisorTicks != 0) {
      record.setSupervisorStartTicks(supervisorTicks);
    }
    cgroup.ifPresent(record::setCgroup);

    SupervisedProcess process = new SupervisedProcess(spec.containerId(), record.build(),
        isolator, scheduler, pollInterval);
    LOG.info("Launched container {} pid {} (supervisor {}, cgroup {}): {}", spec.containerId(),
        pid, supervisor.pid(), cgroup.orElse("none"), spec.argv());
    process.watch(supervisor);
    return process;
  }

  /** The supervisor writes the pid once the command's session exists; wait for it, briefly. */
  private static long awaitPid(String containerId, Path statusDir, Process supervisor)
      throws IOException {
    Path pidFile = statusDir.resolve(SupervisorScript.PID);
    long deadline = System.nanoTime() + LAUNCH_TIMEOUT.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      boolean supervisorGone = !supervisor.isAlive();
      try {
        return Long.parseLong(Files.readString(pidFile).trim());
      } catch (NoSuchFileException e) {
        // not written yet
      } catch (NumberFormatException e) {
        throw new IOException("container " + containerId + ": bad pid file " + pidFile, e);
      }
      if (supervisorGone) {
        throw new IOException("container " + containerId + ": the supervisor exited with "
            + supervisor.exitValue() + " before starting the command: " + logTail(statusDir));
      }
      if (System.nanoTime() > deadline) {
        supervisor.destroyForcibly();
        throw new IOException("container " + containerId + ": the command did not start within "
            + LAUNCH_TIMEOUT.toSeconds() + " s: " + logTail(statusDir));
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static String logTail(Path statusDir) {
    try {
      String log = Files.readString(statusDir.resolve(SupervisorScript.LOG), StandardCharsets.UTF_8);
      return log.length() > 2000 ? log.substring(log.length() - 2000) : log.strip();
    } catch (IOException e) {
      return "(no supervisor log: " + e + ")";
    }
  }

  @Override
  public LaunchedProcess recover(ProcessRecord record) {
    // The record holds no container id; the cgroup is named after it, else the status dir says
    // where the container was.
    String cgroup = record.getCgroup();
    String containerId = record.hasCgroup() ? cgroup.substring(cgroup.lastIndexOf('/') + 1)
        : record.getStatusDir();
    SupervisedProcess process = new SupervisedProcess(containerId, record, isolator, scheduler,
        pollInterval);
    LOG.info("Recovering container {} pid {} (supervisor {})", containerId, record.getPid(),
        record.getSupervisorPid());
    process.watchRecovered();
    return process;
  }

  @Override
  public String isolation() {
    return isolator.description();
  }

  @Override
  public Optional<String> cgroupsVersion() {
    return isolator.cgroupsVersion();
  }
}
