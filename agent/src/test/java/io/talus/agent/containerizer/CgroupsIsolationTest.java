package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cgroups: these run wherever the probe finds them usable (as root on a cgroup machine). */
class CgroupsIsolationTest {

  static final String ROOT = "talus-test-" + ProcessHandle.current().pid();
  static final long MIB = 1024 * 1024;

  @TempDir Path dir;
  TestTasks tasks;
  Isolator isolator;
  SupervisedProcessLauncher launcher;

  @BeforeEach
  void setUp() throws IOException {
    isolator = Isolation.detect(Isolation.CGROUP_FS, ROOT);
    assumeTrue(isolator.cgroupsVersion().isPresent(), isolator::description);
    tasks = new TestTasks(dir);
    launcher = tasks.launcher(isolator);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (tasks != null) {
      tasks.close();
    }
  }

  @AfterAll
  static void removeRoot() throws IOException {
    for (Path hierarchy : List.of(Isolation.CGROUP_FS, Isolation.CGROUP_FS.resolve("memory"),
        Isolation.CGROUP_FS.resolve("cpu"))) {
      Path root = hierarchy.resolve(ROOT);
      if (Files.isDirectory(root)) {
        Files.delete(root);
      }
    }
  }

  @Test
  void processRunsInItsCgroupWithItsLimitsUntilItEnds() throws Exception {
    LaunchSpec spec = tasks.spec(List.of("/bin/sleep", "30"), Map.of(),
        new ResourceLimits(0.5, 128 * MIB));

    LaunchedProcess p = tasks.launch(launcher, spec);

    String cgroup = p.record().getCgroup();
    assertThat(cgroup).isEqualTo(ROOT + "/" + spec.containerId());
    assertThat(launcher.isolation()).startsWith("cgroups " + isolator.cgroupsVersion().get());
    for (Path procs : isolator.procsFiles(cgroup)) {
      await().until(() -> Files.readAllLines(procs).contains(Long.toString(p.pid())));
    }
    if (isolator.cgroupsVersion().get().equals("v1")) {
      Path mem = Isolation.CGROUP_FS.resolve("memory").resolve(cgroup);
      Path cpu = Isolation.CGROUP_FS.resolve("cpu").resolve(cgroup);
      assertThat(read(mem.resolve("memory.limit_in_bytes"))).isEqualTo(128 * MIB + "");
      assertThat(read(cpu.resolve("cpu.shares"))).isEqualTo("512");
      assertThat(read(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
      assertThat(read(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
    } else {
      Path cg = Isolation.CGROUP_FS.resolve(cgroup);
      assertThat(read(cg.resolve("memory.max"))).isEqualTo(128 * MIB + "");
      assertThat(read(cg.resolve("cpu.max"))).isEqualTo("50000 100000");
    }

    p.kill(Duration.ZERO);

    assertThat(TestTasks.await(p).code()).hasValue(128 + 15); // sleep dies of the SIGTERM
    for (Path procs : isolator.procsFiles(cgroup)) {
      await().until(() -> !Files.exists(procs.getParent()));
    }
  }

  @Test
  void memoryLimitKillIsReported() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec(allocate(300), Map.of(),
        new ResourceLimits(1, 64 * MIB)));

    ExitStatus status = TestTasks.await(p);

    assertThat(status.memoryLimitExceeded()).isTrue();
    assertThat(status.succeeded()).isFalse();
    assertThat(status.code()).hasValue(128 + 9);
  }

  @Test
  void processWithinItsMemoryLimitSucceeds() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec(allocate(32), Map.of(),
        new ResourceLimits(1, 256 * MIB)));

    ExitStatus status = TestTasks.await(p);

    assertThat(status.memoryLimitExceeded()).isFalse();
    assertThat(status.succeeded()).isTrue();
  }

  @Test
  void agentRestartedAfterAMemoryLimitKillLearnsOfItAndRemovesTheCgroup() throws Exception {
    // The first agent dies right after the launch: its scheduler no longer runs anything.
    ScheduledExecutorService dead = Executors.newSingleThreadScheduledExecutor();
    LaunchSpec spec = tasks.spec(allocate(300), Map.of(), new ResourceLimits(1, 64 * MIB));
    LaunchedProcess before = new SupervisedProcessLauncher(dir.resolve("supervisor"), isolator,
        dead, TestTasks.POLL).launch(spec);
    dead.shutdownNow();
    await().until(() -> Files.exists(spec.statusDir().resolve(SupervisorScript.EXIT_STATUS)));
    List<Path> procs = isolator.procsFiles(before.record().getCgroup());
    assertThat(procs).allMatch(Files::exists);

    LaunchedProcess after = tasks.launcher(isolator).recover(before.record());

    assertThat(after.onExit()).isCompletedWithValue(new ExitStatus(OptionalInt.of(137), true));
    for (Path p : procs) {
      await().until(() -> !Files.exists(p.getParent()));
    }
  }

  /** A command that touches {@code mib} MiB of its own memory, then exits 0. */
  static List<String> allocate(int mib) {
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return List.of("/usr/bin/python3", "-c",
          "b = bytearray(" + mib + " * 1024 * 1024); print(len(b))");
    }
    // The shell keeps a command substitution's output in its own memory.
    return List.of("/bin/sh", "-c",
        "x=$(head -c " + mib * MIB + " /dev/zero | tr '\\0' a); echo ${#x}");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).trim();
  }
}
