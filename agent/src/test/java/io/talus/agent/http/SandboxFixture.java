package io.talus.agent.http;

import io.talus.agent.sandbox.SandboxLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A work dir with two executor sandboxes, the way an agent lays them out, plus what a task might
 * plant in its sandbox and what must stay out of reach:
 *
 * <pre>{@code
 * <root>/outside-secret                     not in any sandbox
 * <work>/meta/slaves/A1/slave.info          the agent's checkpoint, not in any sandbox
 * <work>/slaves/A1/frameworks/F1/executors/E1/runs/C0/old   an earlier run
 * <work>/slaves/A1/frameworks/F1/executors/E1/runs/C1/      latest -> C1
 *     stdout ("hello world\n"), stderr (""), logs/app.log, tasks/ (empty dir)
 * <work>/slaves/A1/frameworks/F2/executors/E2/runs/C2/stdout  another framework's sandbox
 * }</pre>
 */
final class SandboxFixture {

  static final String AGENT = "A1";
  static final String STDOUT = "hello world\n";

  final Path root;
  final Path workDir;
  final SandboxLayout layout;
  final Path run;
  final Path otherRun;
  final Path outside;

  SandboxFixture(Path root) throws IOException {
    this.root = root.toRealPath();
    this.workDir = this.root.resolve("work");
    this.layout = new SandboxLayout(workDir);
    layout.createRunDir(AGENT, "F1", "E1", "C0");
    Files.writeString(layout.runDir(AGENT, "F1", "E1", "C0").resolve("old"), "old run");
    this.run = layout.createRunDir(AGENT, "F1", "E1", "C1");
    Files.writeString(run.resolve("stdout"), STDOUT);
    Files.writeString(run.resolve("stderr"), "");
    Files.createDirectories(run.resolve("logs"));
    Files.writeString(run.resolve("logs/app.log"), "line 1\nline 2\n");
    Files.createDirectories(run.resolve("tasks"));
    this.otherRun = layout.createRunDir(AGENT, "F2", "E2", "C2");
    Files.writeString(otherRun.resolve("stdout"), "other framework");
    this.outside = this.root.resolve("outside-secret");
    Files.writeString(outside, "secret");
    Files.createDirectories(layout.agentMetaDir(AGENT));
    Files.write(layout.agentInfoFile(AGENT), "checkpoint".getBytes(StandardCharsets.UTF_8));
  }

  /** {@code .../executors/E1/runs/latest}, as a client writes it. */
  String latest() {
    return layout.latestRunLink(AGENT, "F1", "E1").toString();
  }

  String inRun(String relative) {
    return run.resolve(relative).toString();
  }
}
