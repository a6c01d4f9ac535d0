package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedProcessKillTest {

  /** A group of three: the shell and two children, none of which will notice a SIGTERM. */
  static final String STUBBORN = "trap '' TERM; sleep 1000 & sleep 1000 & wait";

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
  void termEndsTheWholeGroup() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec("sleep 1000 & sleep 1000 & wait"));
    await().until(() -> TestTasks.runningMembers(p.pid()).size() == 3);

    p.kill(Duration.ofSeconds(30));

    assertThat(TestTasks.await(p)).isEqualTo(ExitStatus.exited(128 + 15));
    assertThat(TestTasks.runningMembers(p.pid())).isEmpty();
  }

  @Test
  void killAfterGraceEndsAGroupThatIgnoresTerm() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec(STUBBORN));
    await().until(() -> TestTasks.runningMembers(p.pid()).size() == 3);
    long killedAt = System.nanoTime();

    p.kill(Duration.ofMillis(300));

    ExitStatus status = TestTasks.await(p);
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThanOrEqualTo(
        Duration.ofMillis(300));
    assertThat(status).isEqualTo(ExitStatus.exited(128 + 9));
    assertThat(status.message()).isEqualTo("Command terminated with signal 9 (exit status 137)");
    assertThat(TestTasks.runningMembers(p.pid())).isEmpty();
  }

  @Test
  void zeroGraceKillsAtOnce() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec(STUBBORN));
    await().until(() -> TestTasks.runningMembers(p.pid()).size() == 3);

    p.kill(Duration.ZERO);

    assertThat(TestTasks.await(p)).isEqualTo(ExitStatus.exited(128 + 9));
    assertThat(TestTasks.runningMembers(p.pid())).isEmpty();
  }

  @Test
  void childrenLeftByTheLeaderAreKilledWhenItExits() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec("sleep 1000 & sleep 1000 & exit 2"));

    assertThat(TestTasks.await(p)).isEqualTo(ExitStatus.exited(2));
    assertThat(TestTasks.runningMembers(p.pid())).isEmpty();
  }

  @Test
  void taskOutlivingItsSupervisorIsStillWatchedAndEndsUnknown() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec("sleep 1000 & sleep 1000 & wait"));
    ProcessHandle supervisor = ProcessHandle.of(p.record().getSupervisorPid()).orElseThrow();

    supervisor.destroyForcibly();
    supervisor.onExit().get();

    // Nothing records the task's end any more, but it runs and can be killed.
    assertThat(p.onExit()).isNotDone();
    assertThat(ProcStat.read(p.pid()).orElseThrow().zombie()).isFalse();
    p.kill(Duration.ofSeconds(30));
    assertThat(TestTasks.await(p)).isEqualTo(ExitStatus.unknown());
    assertThat(TestTasks.runningMembers(p.pid())).isEmpty();
  }

  @Test
  void killAfterTheEndDoesNothing() throws Exception {
    LaunchedProcess p = tasks.launch(launcher, tasks.spec("exit 0"));
    TestTasks.await(p);

    p.kill(Duration.ZERO);

    assertThat(p.onExit()).isCompletedWithValue(ExitStatus.exited(0));
  }
}
