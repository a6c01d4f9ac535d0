package io.talus.agent.containerizer;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Real processes for the launcher tests, and the cleanup that keeps them from outliving a test. */
final class TestTasks implements AutoCloseable {

  static final Duration POLL = Duration.ofMillis(50);

  final Path dir;
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "containerizer-test");
    t.setDaemon(true);
    return t;
  });
  private final List<LaunchedProcess> launched = new ArrayList<>();
  private int next;

  TestTasks(Path dir) {
    this.dir = dir;
  }

  /** A launcher as a fresh agent would build it, sharing the supervisor dir with earlier ones. */
  SupervisedProcessLauncher launcher(Isolator isolator) throws IOException {
    return new SupervisedProcessLauncher(dir.resolve("supervisor"), isolator, scheduler, POLL);
  }

  SupervisedProcessLauncher launcher() throws IOException {
    return launcher(new Isolator.None("tests without cgroups"));
  }

  LaunchSpec spec(String shellCommand) throws IOException {
    return spec(List.of("/bin/sh", "-c", shellCommand), Map.of(), ResourceLimits.NONE);
  }

  LaunchSpec spec(List<String> argv, Map<String, String> env, ResourceLimits limits)
      throws IOException {
    String id = "c" + (++next) + "-" + ProcessHandle.current().pid();
    Path sandbox = Files.createDirectories(dir.resolve("sandboxes").resolve(id));
    return new LaunchSpec(id, sandbox, dir.resolve("status").resolve(id), argv, env, limits);
  }

  LaunchedProcess launch(ProcessLauncher launcher, LaunchSpec spec) throws IOException {
    LaunchedProcess p = launcher.launch(spec);
    track(p);
    return p;
  }

  synchronized void track(LaunchedProcess p) {
    launched.add(p);
  }

  /** Processes of group {@code pgid} that have not exited (this machine's init reaps no zombie). */
  static List<ProcStat> runningMembers(long pgid) {
    return new ProcessGroup(pgid, 0).runningMembers();
  }

  static ExitStatus await(LaunchedProcess p) throws Exception {
    return p.onExit().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (LaunchedProcess p : launched) {
      p.kill(Duration.ZERO);
    }
    for (LaunchedProcess p : launched) {
      p.onExit().get(10, TimeUnit.SECONDS);
    }
    scheduler.shutdownNow();
  }
}
