package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.agent.containerizer.FakeProcessLauncher.FakeProcess;
import io.talus.protocol.agent.ProcessRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeProcessLauncherTest {

  final FakeProcessLauncher launcher = new FakeProcessLauncher();

  @Test
  void launchedProcessRunsUntilTheTestEndsIt() throws Exception {
    LaunchedProcess p = launcher.launch(spec("c1"));

    assertThat(p.onExit()).isNotDone();
    launcher.process("c1").exit(3);
    assertThat(p.onExit()).isCompletedWithValue(ExitStatus.exited(3));
    assertThat(launcher.launched()).extracting(FakeProcess::pid).containsExactly(p.pid());
  }

  @Test
  void killEndsItWithSigtermUnlessTermIsIgnored() throws Exception {
    LaunchedProcess p = launcher.launch(spec("c1"));
    p.kill(Duration.ofSeconds(3));
    assertThat(p.onExit()).isCompletedWithValue(ExitStatus.exited(143));

    launcher.ignoreTerm(true);
    FakeProcess stubborn = (FakeProcess) launcher.launch(spec("c2"));
    stubborn.kill(Duration.ofSeconds(5));
    assertThat(stubborn.running()).isTrue();
    assertThat(stubborn.kills()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void recoverFindsWhatTheTestSetUp() {
    FakeProcess alive = launcher.onRecover(7);
    launcher.onRecover(8, ExitStatus.exited(1));

    assertThat(launcher.recover(ProcessRecord.newBuilder().setPid(7).build())).isSameAs(alive);
    assertThat(launcher.recover(ProcessRecord.newBuilder().setPid(8).build()).onExit())
        .isCompletedWithValue(ExitStatus.exited(1));
    assertThat(launcher.recover(ProcessRecord.newBuilder().setPid(9).build()).onExit())
        .isCompletedWithValue(ExitStatus.unknown());
  }

  @Test
  void launchCanBeMadeToFail() throws Exception {
    launcher.failNextLaunch(new IOException("no fork"));

    assertThatThrownBy(() -> launcher.launch(spec("c1"))).hasMessage("no fork");
    assertThat(launcher.launch(spec("c1")).onExit()).isNotDone();
  }

  private static LaunchSpec spec(String id) {
    return new LaunchSpec(id, Path.of("/sandbox", id), Path.of("/status", id),
        List.of("/bin/sh", "-c", "true"), Map.of(), LaunchSpec.ResourceLimits.NONE);
  }
}
