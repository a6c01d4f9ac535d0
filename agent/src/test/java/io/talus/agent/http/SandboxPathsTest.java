package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxPathsTest {

  @TempDir Path temp;

  private SandboxFixture sandbox;
  private Optional<String> agentId = Optional.of(SandboxFixture.AGENT);
  private SandboxPaths paths;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = new SandboxFixture(temp);
    paths = new SandboxPaths(sandbox.workDir, () -> agentId);
  }

  @Test
  void aFileInARunDirResolvesToItself() throws Exception {
    SandboxPaths.Resolved r = paths.resolve(sandbox.inRun("logs/app.log"));

    assertThat(r.real()).isEqualTo(sandbox.run.resolve("logs/app.log"));
    assertThat(r.sandbox()).isEqualTo(sandbox.run);
    assertThat(r.requested()).isEqualTo(sandbox.inRun("logs/app.log"));
  }

  @Test
  void theRunDirItselfAndRedundantSlashesResolve() throws Exception {
    assertThat(paths.resolve(sandbox.run + "/").real()).isEqualTo(sandbox.run);
    assertThat(paths.resolve(sandbox.run + "//logs/./app.log").real())
        .isEqualTo(sandbox.run.resolve("logs/app.log"));
  }

  @Test
  void latestResolvesToTheLatestRun() throws Exception {
    SandboxPaths.Resolved r = paths.resolve(sandbox.latest() + "/stdout");

    assertThat(r.real()).isEqualTo(sandbox.run.resolve("stdout"));
    assertThat(r.sandbox()).isEqualTo(sandbox.run);
  }

  @Test
  void earlierRunsStayReachableByTheirOwnPath() throws Exception {
    Path old = sandbox.layout.runDir("A1", "F1", "E1", "C0").resolve("old");

    assertThat(paths.resolve(old.toString()).real()).isEqualTo(old);
  }

  @Test
  void mesosVirtualPathsNameTheCurrentAgentsSandboxes() throws Exception {
    SandboxPaths.Resolved r = paths.resolve("/frameworks/F1/executors/E1/runs/latest/stdout");

    assertThat(r.real()).isEqualTo(sandbox.run.resolve("stdout"));
  }

  @Test
  void virtualPathsAreNotFoundBeforeTheAgentHasAnId() {
    agentId = Optional.empty();

    assertStatus(() -> paths.resolve("/frameworks/F1/executors/E1/runs/latest/stdout"), 404);
  }

  @Test
  void aWorkDirReachedThroughASymlinkIsServedUnderBothNames() throws Exception {
    Path link = temp.resolve("work-link");
    Files.createSymbolicLink(link, sandbox.workDir);
    SandboxPaths viaLink = new SandboxPaths(link, () -> agentId);
    String relative = sandbox.workDir.relativize(sandbox.run.resolve("stdout")).toString();

    assertThat(viaLink.resolve(link.resolve(relative).toString()).real())
        .isEqualTo(sandbox.run.resolve("stdout"));
    assertThat(viaLink.resolve(sandbox.workDir.resolve(relative).toString()).real())
        .isEqualTo(sandbox.run.resolve("stdout"));
  }

  @Test
  void pathsOutsideEverySandboxAreForbidden() {
    assertStatus(() -> paths.resolve("/etc/passwd"), 403);
    assertStatus(() -> paths.resolve(sandbox.outside.toString()), 403);
    assertStatus(() -> paths.resolve(sandbox.workDir.toString()), 403);
    assertStatus(() -> paths.resolve(sandbox.layout.agentInfoFile("A1").toString()), 403);
    assertStatus(
        () -> paths.resolve(sandbox.layout.executorDir("A1", "F1", "E1").toString()), 403);
    assertStatus(
        () -> paths.resolve(sandbox.layout.executorDir("A1", "F1", "E1") + "/runs"), 403);
    // The same depth but not the layout's names.
    assertStatus(() -> paths.resolve(sandbox.workDir + "/meta/A1/frameworks/F1/executors/E1/runs/C1"), 403);
  }

  @Test
  void aSymlinkOutOfTheSandboxIsForbidden() throws Exception {
    Files.createSymbolicLink(sandbox.run.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(sandbox.run.resolve("secret"), sandbox.outside);
    Files.createSymbolicLink(sandbox.run.resolve("meta"), sandbox.workDir.resolve("meta"));

    assertStatus(() -> paths.resolve(sandbox.inRun("passwd")), 403);
    assertStatus(() -> paths.resolve(sandbox.latest() + "/secret"), 403);
    assertStatus(() -> paths.resolve(sandbox.inRun("meta/slaves/A1/slave.info")), 403);
  }

  @Test
  void aSymlinkIntoAnotherFrameworksSandboxIsForbidden() throws Exception {
    Files.createSymbolicLink(sandbox.run.resolve("neighbour"), sandbox.otherRun);

    assertStatus(() -> paths.resolve(sandbox.inRun("neighbour/stdout")), 403);
  }

  @Test
  void aLatestLinkPointingAtAnotherExecutorIsForbidden() throws Exception {
    Path latest = sandbox.layout.latestRunLink("A1", "F2", "E2");
    Files.delete(latest);
    Files.createSymbolicLink(latest, sandbox.run);

    assertStatus(() -> paths.resolve(latest + "/stdout"), 403);
  }

  @Test
  void aSymlinkWithinTheSandboxIsFollowed() throws Exception {
    Files.createSymbolicLink(sandbox.run.resolve("app"), Path.of("logs/app.log"));

    assertThat(paths.resolve(sandbox.inRun("app")).real())
        .isEqualTo(sandbox.run.resolve("logs/app.log"));
  }

  @Test
  void malformedPathsAreBadRequests() {
    assertStatus(() -> paths.resolve(null), 400);
    assertStatus(() -> paths.resolve(""), 400);
    assertStatus(() -> paths.resolve("stdout"), 400);
    assertStatus(() -> paths.resolve(sandbox.inRun("stdout") + "\0"), 400);
    assertStatus(() -> paths.resolve(sandbox.inRun("../C1/stdout")), 400);
    assertStatus(() -> paths.resolve(sandbox.inRun("../../../../../../../../../etc/passwd")), 400);
    assertStatus(() -> paths.resolve("/frameworks/F1/executors/E1/runs/latest/../../../../x"), 400);
  }

  @Test
  void missingFilesAndSandboxesAreNotFound() throws Exception {
    Files.createSymbolicLink(sandbox.run.resolve("dangling"), Path.of("nowhere"));
    Files.createSymbolicLink(sandbox.run.resolve("dangling-outside"), temp.resolve("nowhere"));

    assertStatus(() -> paths.resolve(sandbox.inRun("nope")), 404);
    assertStatus(() -> paths.resolve(sandbox.inRun("stdout/child")), 404);
    assertStatus(() -> paths.resolve(sandbox.inRun("dangling")), 404);
    assertStatus(() -> paths.resolve(sandbox.inRun("dangling-outside")), 404);
    assertStatus(
        () -> paths.resolve(sandbox.layout.runDir("A1", "F9", "E9", "C9") + "/stdout"), 404);
  }

  private static void assertStatus(ThrowingCallable call, int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(FilesError.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
