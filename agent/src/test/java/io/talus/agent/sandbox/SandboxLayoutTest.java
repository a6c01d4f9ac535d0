package io.talus.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxLayoutTest {

  private static final String AGENT = "f9b1-S0";
  private static final String FRAMEWORK = "f9b1-0000";
  private static final String EXECUTOR = "web.1";
  private static final String TASK = "web.1";

  @TempDir Path workDir;

  @Test
  void sandboxPathsFollowTheMesosLayout() {
    SandboxLayout layout = new SandboxLayout(workDir);

    assertThat(layout.runDir(AGENT, FRAMEWORK, EXECUTOR, "c1"))
        .isEqualTo(
            workDir.resolve(
                "slaves/f9b1-S0/frameworks/f9b1-0000/executors/web.1/runs/c1"));
    assertThat(layout.latestRunLink(AGENT, FRAMEWORK, EXECUTOR))
        .isEqualTo(
            workDir.resolve(
                "slaves/f9b1-S0/frameworks/f9b1-0000/executors/web.1/runs/latest"));
  }

  @Test
  void checkpointPathsFollowTheMesosLayout() {
    SandboxLayout layout = new SandboxLayout(workDir);
    Path agentMeta = workDir.resolve("meta/slaves/f9b1-S0");
    Path runMeta = agentMeta.resolve("frameworks/f9b1-0000/executors/web.1/runs/c1");

    assertThat(layout.bootIdFile()).isEqualTo(workDir.resolve("meta/boot_id"));
    assertThat(layout.latestAgentLink()).isEqualTo(workDir.resolve("meta/slaves/latest"));
    assertThat(layout.agentInfoFile(AGENT)).isEqualTo(agentMeta.resolve("slave.info"));
    assertThat(layout.frameworkInfoFile(AGENT, FRAMEWORK))
        .isEqualTo(agentMeta.resolve("frameworks/f9b1-0000/framework.info"));
    assertThat(layout.executorInfoFile(AGENT, FRAMEWORK, EXECUTOR))
        .isEqualTo(agentMeta.resolve("frameworks/f9b1-0000/executors/web.1/executor.info"));
    assertThat(layout.runMetaDir(AGENT, FRAMEWORK, EXECUTOR, "c1")).isEqualTo(runMeta);
    assertThat(layout.taskInfoFile(AGENT, FRAMEWORK, EXECUTOR, "c1", TASK))
        .isEqualTo(runMeta.resolve("tasks/web.1/task.info"));
    assertThat(layout.taskUpdatesFile(AGENT, FRAMEWORK, EXECUTOR, "c1", TASK))
        .isEqualTo(runMeta.resolve("tasks/web.1/task.updates"));
  }

  @Test
  void aRelativeWorkDirIsMadeAbsolute() {
    SandboxLayout layout = new SandboxLayout(Path.of("work/./dir"));

    assertThat(layout.workDir())
        .isEqualTo(Path.of("").toAbsolutePath().resolve("work").resolve("dir"));
  }

  @Test
  void creatingARunPointsLatestAtIt() throws IOException {
    SandboxLayout layout = new SandboxLayout(workDir);

    Path run = layout.createRunDir(AGENT, FRAMEWORK, EXECUTOR, "c1");

    Path latest = layout.latestRunLink(AGENT, FRAMEWORK, EXECUTOR);
    assertThat(run).isDirectory();
    assertThat(latest).isSymbolicLink();
    assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("c1"));
    assertThat(latest.toRealPath()).isEqualTo(run.toRealPath());
  }

  @Test
  void aNewRunReplacesLatestAndLeavesNoTemporaryLinks() throws IOException {
    SandboxLayout layout = new SandboxLayout(workDir);
    Path first = layout.createRunDir(AGENT, FRAMEWORK, EXECUTOR, "c1");
    Files.writeString(first.resolve("stdout"), "first run\n");

    Path second = layout.createRunDir(AGENT, FRAMEWORK, EXECUTOR, "c2");

    Path latest = layout.latestRunLink(AGENT, FRAMEWORK, EXECUTOR);
    assertThat(latest.toRealPath()).isEqualTo(second.toRealPath());
    assertThat(first.resolve("stdout")).hasContent("first run");
    try (Stream<Path> runs = Files.list(latest.getParent())) {
      assertThat(runs.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("c1", "c2", "latest");
    }
  }

  @Test
  void recreatingTheSameRunKeepsItsFiles() throws IOException {
    SandboxLayout layout = new SandboxLayout(workDir);
    Path run = layout.createRunDir(AGENT, FRAMEWORK, EXECUTOR, "c1");
    Files.writeString(run.resolve("stderr"), "kept");

    layout.createRunDir(AGENT, FRAMEWORK, EXECUTOR, "c1");

    assertThat(run.resolve("stderr")).hasContent("kept");
  }

  @Test
  void markingTheLatestAgentPointsMetaSlavesLatestAtIt() throws IOException {
    SandboxLayout layout = new SandboxLayout(workDir);
    layout.markLatestAgent("old-S3");

    layout.markLatestAgent(AGENT);

    assertThat(Files.readSymbolicLink(layout.latestAgentLink())).isEqualTo(Path.of(AGENT));
    assertThat(layout.latestAgentLink().toRealPath())
        .isEqualTo(layout.agentMetaDir(AGENT).toRealPath());
  }

  @Test
  void idsThatWouldLeaveTheirDirectoryAreRejected() {
    SandboxLayout layout = new SandboxLayout(workDir);
    for (String bad : List.of("", ".", "..", "../x", "a/b", "/etc", "a\\b", "nul\0")) {
      assertThatThrownBy(() -> layout.runDir(AGENT, FRAMEWORK, bad, "c1"))
          .as("executor id '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("executor id");
      assertThatThrownBy(() -> layout.taskInfoFile(AGENT, FRAMEWORK, EXECUTOR, "c1", bad))
          .as("task id '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("task id");
    }
    assertThatThrownBy(() -> layout.frameworkDir(AGENT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("framework id");
  }

  @Test
  void latestIsReservedWhereItWouldCollideWithTheLinks() {
    SandboxLayout layout = new SandboxLayout(workDir);

    assertThatThrownBy(() -> layout.runDir(AGENT, FRAMEWORK, EXECUTOR, "latest"))
        .hasMessageContaining("container id");
    assertThatThrownBy(() -> layout.agentMetaDir("latest")).hasMessageContaining("agent id");
    assertThat(layout.executorDir(AGENT, FRAMEWORK, "latest"))
        .isEqualTo(workDir.resolve("slaves/f9b1-S0/frameworks/f9b1-0000/executors/latest"));
  }

  @Test
  void idsMayContainDotsAndOtherCharacters() {
    SandboxLayout layout = new SandboxLayout(workDir);

    assertThat(layout.executorDir(AGENT, FRAMEWORK, "..hidden.. x:y@z").getFileName())
        .isEqualTo(Path.of("..hidden.. x:y@z"));
  }
}
