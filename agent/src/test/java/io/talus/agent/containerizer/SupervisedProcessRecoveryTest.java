package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import io.talus.protocol.agent.ProcessRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new launcher instance stands for the agent after a restart. */
class SupervisedProcessRecoveryTest {

  @TempDir Path dir;
  TestTasks tasks;

  @BeforeEach
  void setUp() {
    tasks = new TestTasks(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    tasks.close();
  }

  @Test
  void recoversARunningProcess() throws Exception {
    LaunchedProcess before = tasks.launch(tasks.launcher(),
        tasks.spec(List.of("/bin/sleep", "30"), Map.of(), ResourceLimits.NONE));

    LaunchedProcess after = tasks.launcher().recover(before.record());
    tasks.track(after);

    assertThat(after.pid()).isEqualTo(before.pid());
    assertThat(after.record()).isEqualTo(before.record());
    assertThat(after.onExit()).isNotDone();
    after.kill(Duration.ofSeconds(30));
    assertThat(TestTasks.await(after)).isEqualTo(ExitStatus.exited(128 + 15));
  }

  @Test
  void recoversTheStatusOfAProcessThatEndedMeanwhile() throws Exception {
    LaunchedProcess before = tasks.launch(tasks.launcher(), tasks.spec("sleep 0.3; exit 7"));
    TestTasks.await(before);

    LaunchedProcess after = tasks.launcher().recover(before.record());

    assertThat(after.onExit()).isCompletedWithValue(ExitStatus.exited(7));
  }

  @Test
  void processEndingAfterRecoveryIsNoticed() throws Exception {
    LaunchedProcess before = tasks.launch(tasks.launcher(), tasks.spec("sleep 0.5; exit 6"));

    LaunchedProcess after = tasks.launcher().recover(before.record());

    assertThat(TestTasks.await(after)).isEqualTo(ExitStatus.exited(6));
  }

  @Test
  void processGoneWithoutARecordedStatusIsUnknown() throws Exception {
    Path statusDir = Files.createDirectories(dir.resolve("empty-status"));
    // A pid that cannot exist (above the kernel's pid_max), so it tells of a process long gone.
    ProcessRecord gone = ProcessRecord.newBuilder()
        .setPid(1L << 23)
        .setStartTicks(42)
        .setSupervisorPid((1L << 23) + 1)
        .setSupervisorStartTicks(43)
        .setStatusDir(statusDir.toString())
        .build();

    LaunchedProcess after = tasks.launcher().recover(gone);

    assertThat(after.onExit()).isCompletedWithValue(ExitStatus.unknown());
  }

  @Test
  void pidReusedByAnotherProcessIsNotMistakenForTheTask() throws Exception {
    long self = ProcessHandle.current().pid();
    ProcessRecord reused = ProcessRecord.newBuilder()
        .setPid(self)
        .setStartTicks(ProcStat.read(self).orElseThrow().startTicks() + 1)
        .setStatusDir(Files.createDirectories(dir.resolve("reused")).toString())
        .build();

    LaunchedProcess after = tasks.launcher().recover(reused);

    assertThat(after.onExit()).isCompletedWithValue(ExitStatus.unknown());
    after.kill(Duration.ZERO); // and this JVM, whose pid it has, lives on
  }
}
