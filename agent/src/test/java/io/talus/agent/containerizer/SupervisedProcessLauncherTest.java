package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedProcessLauncherTest {

  @TempDir Path dir;
  TestTasks tasks;
  SupervisedProcessLauncher launcher;

  @BeforeEach
  void setUp() throws IOException {
    tasks = new TestTasks(dir);
    launcher = tasks.launcher();
  }

  @AfterEach
  void tearDown() throws Exception {
    tasks.close();
  }

  @Test
  void reportsExitCodeAndKeepsOutputInTheSandbox() throws Exception {
    LaunchSpec spec = tasks.spec("echo hi; echo oops >&2; exit 3");

    LaunchedProcess p = tasks.launch(launcher, spec);

    ExitStatus status = TestTasks.await(p);
    assertThat(status).isEqualTo(ExitStatus.exited(3));
    assertThat(status.succeeded()).isFalse();
    assertThat(Files.readString(spec.sandbox().resolve("stdout"))).isEqualTo("hi\n");
    assertThat(Files.readString(spec.sandbox().resolve("stderr"))).isEqualTo("oops\n");
    assertThat(p.record().getPid()).isEqualTo(p.pid());
    assertThat(p.record().getStatusDir()).isEqualTo(spec.statusDir().toAbsolutePath().toString());
  }

  @Test
  void exitZeroSucceeds() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec("true"));

    assertThat(TestTasks.await(p).succeeded()).isTrue();
  }

  @Test
  void commandRunsInTheSandboxWithExactlyItsEnvironment() throws Exception {
    LaunchSpec spec = tasks.spec(List.of("/usr/bin/env"), Map.of("FOO", "bar baz"),
        ResourceLimits.NONE);

    TestTasks.await(tasks.launch(launcher, spec));

    assertThat(Files.readAllLines(spec.sandbox().resolve("stdout"))).containsExactlyInAnyOrder(
        "FOO=bar baz", "PATH=" + SupervisedProcessLauncher.DEFAULT_PATH);

    LaunchSpec pwd = tasks.spec(List.of("/bin/pwd"), Map.of("PATH", "/nowhere"),
        ResourceLimits.NONE);
    assertThat(TestTasks.await(tasks.launch(launcher, pwd)).succeeded()).isTrue();
    assertThat(Files.readString(pwd.sandbox().resolve("stdout")).trim())
        .isEqualTo(pwd.sandbox().toRealPath().toString());
  }

  @Test
  void commandLeadsItsOwnSessionWithNoSignalIgnored() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec(List.of("/bin/sleep", "30"), Map.of(),
        ResourceLimits.NONE));

    ProcStat stat = ProcStat.read(p.pid()).orElseThrow();
    assertThat(stat.comm()).isEqualTo("sleep");
    assertThat(stat.pgrp()).isEqualTo(p.pid());
    assertThat(stat.session()).isEqualTo(p.pid());
    assertThat(p.record().getStartTicks()).isEqualTo(stat.startTicks());
    // A shell's background job would ignore SIGINT and SIGQUIT.
    String ignored = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
        .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
    // Signals 1 to 31; the real-time ones above belong to the C library.
    assertThat(Long.parseLong(ignored, 16) & 0x7fff_ffffL).isZero();
    assertThat(Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/0")))
        .isEqualTo(Path.of("/dev/null"));
  }

  @Test
  void supervisorDoesNotDependOnTheAgent() throws Exception {
    LaunchSpec spec = tasks.spec(List.of("/bin/sleep", "30"), Map.of(), ResourceLimits.NONE);
    LaunchedProcess p = tasks.launch(launcher, spec);
    long supervisor = p.record().getSupervisorPid();

    ProcStat stat = ProcStat.read(supervisor).orElseThrow();
    ProcStat agent = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();
    // Its own session: nothing aimed at the agent's session or group reaches it.
    assertThat(stat.session()).isEqualTo(supervisor).isNotEqualTo(agent.session());
    assertThat(stat.pgrp()).isEqualTo(supervisor).isNotEqualTo(agent.pgrp());
    assertThat(p.record().getSupervisorStartTicks()).isEqualTo(stat.startTicks());
    // No pipe to the agent, whose death would SIGPIPE it.
    Path fd = Path.of("/proc/" + supervisor + "/fd");
    assertThat(Files.readSymbolicLink(fd.resolve("0"))).isEqualTo(Path.of("/dev/null"));
    for (String out : List.of("1", "2")) {
      Path target = Files.readSymbolicLink(fd.resolve(out));
      assertThat(target).isEqualTo(spec.statusDir().resolve("supervisor.log").toRealPath());
      assertThat(Files.isRegularFile(target)).isTrue();
    }
  }

  @Test
  void missingCommandExitsWith127() throws Exception {
    LaunchSpec spec = tasks.spec(List.of("/no/such/command"), Map.of(), ResourceLimits.NONE);

    assertThat(TestTasks.await(tasks.launch(launcher, spec))).isEqualTo(ExitStatus.exited(127));
    assertThat(Files.readString(spec.sandbox().resolve("stderr"))).contains("/no/such/command");
  }

  @Test
  void missingSandboxFailsTheLaunch() throws Exception {
    LaunchSpec spec = tasks.spec("true");
    LaunchSpec nowhere = new LaunchSpec(spec.containerId(), dir.resolve("absent"),
        spec.statusDir(), spec.argv(), spec.environment(), spec.limits());

    assertThatThrownBy(() -> launcher.launch(nowhere)).isInstanceOf(IOException.class);
  }

  @Test
  void unwritableSandboxFailsTheLaunchWithTheSupervisorsWords() throws Exception {
    LaunchSpec spec = tasks.spec("true");
    // A directory named stdout cannot be opened for output.
    Files.createDirectory(spec.sandbox().resolve("stdout"));

    assertThatThrownBy(() -> launcher.launch(spec))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("before starting the command")
        .hasMessageContaining("stdout");
  }

  @Test
  void relaunchInTheSameStatusDirIgnoresTheOldStatus() throws Exception {
    LaunchSpec spec = tasks.spec("exit 4");
    TestTasks.await(tasks.launch(launcher, spec));
    LaunchSpec again = new LaunchSpec(spec.containerId(), spec.sandbox(), spec.statusDir(),
        List.of("/bin/sh", "-c", "sleep 0.2; exit 5"), Map.of(), ResourceLimits.NONE);

    assertThat(TestTasks.await(tasks.launch(launcher, again))).isEqualTo(ExitStatus.exited(5));
  }

  @Test
  void saysItDoesNotIsolate() {
    assertThat(launcher.isolation()).isEqualTo("none: tests without cgroups");
    assertThat(launcher.cgroupsVersion()).isEmpty();
  }
}
