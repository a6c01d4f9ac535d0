package io.talus.cli.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.cli.TalusCommand;
import io.talus.cli.agent.AgentCluster;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code talus execute} run in-process against three real masters and a real agent: it prints every
 * update of its one task and exits by how the task ended, and tears its framework down.
 */
class ExecuteCommandTest {

  @RegisterExtension static final AgentCluster CLUSTER = new AgentCluster();

  private record Run(int exitCode, String out, String err) {
    List<String> states() {
      List<String> states = new ArrayList<>();
      for (String line : out.lines().toList()) {
        if (line.startsWith("TASK_")) {
          states.add(line.split(" ", 2)[0]);
        }
      }
      return states;
    }

    String taskId() {
      Matcher m = Pattern.compile("task=(\\S+)").matcher(out);
      assertThat(m.find()).as("a task id in:\n" + out).isTrue();
      return m.group(1);
    }
  }

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = TalusCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> argv = new ArrayList<>(List.of("execute"));
    argv.addAll(List.of(args));
    int exitCode = commandLine.execute(argv.toArray(String[]::new));
    Run run = new Run(exitCode, out.toString(), err.toString());
    System.out.println("==== talus " + String.join(" ", argv) + " -> " + exitCode + "\n" + run.out + run.err);
    return run;
  }

  /** Every master, a follower first as host:port and the rest as URLs, so a redirect is followed. */
  private static String masters() {
    MasterDaemon leader = CLUSTER.masters().leader();
    List<String> list = new ArrayList<>();
    for (MasterDaemon m : CLUSTER.masters().masters()) {
      if (m != leader) {
        list.add(0, m.httpEndpoint().substring("http://".length()));
      }
    }
    list.add(leader.httpEndpoint());
    return String.join(",", list);
  }

  @Test
  void aCommandThatSucceedsPrintsEveryUpdateAndExitsZero() {
    Run run = execute("--master", masters(), "--name", "hello", "--command", "echo hi",
        "--resources", "cpus:0.2;mem:64");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Subscribed with framework ID ")
        .containsPattern("Launching task hello-[0-9a-f]{8} on agent " + CLUSTER.agentId())
        .containsPattern("(?m)^TASK_FINISHED +task=hello-[0-9a-f]{8} agent=" + CLUSTER.agentId());
    assertThat(run.states()).containsExactly("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED");
    assertThat(run.err()).isEmpty();
    List<Path> runs = Sandboxes.runs(CLUSTER.agent().workDir(), frameworkIdOf(run)).get(run.taskId());
    assertThat(runs).singleElement().satisfies(dir -> assertThat(Sandboxes.stdout(dir)).contains("hi"));
    await("the framework torn down").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(activeFrameworkNames()).doesNotContain("hello"));
  }

  @Test
  void aCommandThatFailsExitsOneWithTheReason() {
    Run run = execute("--master", masters(), "--name", "failing", "--command", "exit 3");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.states()).endsWith("TASK_FAILED").doesNotContain("TASK_FINISHED");
    assertThat(run.out()).containsPattern("(?m)^TASK_FAILED +task=failing-[0-9a-f]{8} .*status 3");
    assertThat(run.err()).contains("task " + run.taskId() + " ended TASK_FAILED").contains("status 3");
  }

  @Test
  void withNoMasterToReachItGivesUpAfterTheTimeout() {
    String nobody = "127.0.0.1:" + MasterCluster.freePort();
    long start = System.nanoTime();
    Run run = execute("--master", nobody, "--name", "lonely", "--command", "true", "--timeout", "2secs");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("could not subscribe to a master at " + nobody + " within 2s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.out()).doesNotContain("TASK_");
  }

  @Test
  void aFrameworkTheMasterRefusesExitsOneWithTheMastersReason() {
    Run run = execute("--master", masters(), "--name", "refused", "--command", "true", "--role", "no spaces allowed");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the master refused the framework").contains("role");
    assertThat(run.out()).doesNotContain("TASK_");
  }

  @Test
  void badFlagsAreAUsageErrorWithExitCodeTwo() {
    assertThat(execute("--master", masters(), "--name", "x", "--command", "true", "--resources", "cpus:lots")
        .exitCode()).isEqualTo(2);
    assertThat(execute("--master", "http://", "--name", "x", "--command", "true").exitCode()).isEqualTo(2);
    Run missing = execute("--master", masters(), "--name", "x");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--command");
  }

  @Test
  void helpNamesTheFlags() {
    Run run = execute("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--master", "--name", "--command", "--resources", "--role", "--timeout");
  }

  private static String frameworkIdOf(Run run) {
    Matcher m = Pattern.compile("Subscribed with framework ID (\\S+)").matcher(run.out());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static List<String> activeFrameworkNames() {
    JsonNode state = Http.get(CLUSTER.masters().leader().httpEndpoint() + "/master/state").json();
    List<String> names = new ArrayList<>();
    state.path("frameworks").forEach(f -> names.add(f.path("name").asText()));
    return names;
  }
}
