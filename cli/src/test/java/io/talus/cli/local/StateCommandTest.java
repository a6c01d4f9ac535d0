package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.cli.TalusCommand;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.Subscription;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code talus state} against a {@code talus local} cluster with a running task, and against nothing. */
class StateCommandTest {

  private static LocalClusterProcess local;
  private static Subscription framework;
  private static String leader;
  private static String agentId;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startACluster() throws Exception {
    local = LocalClusterProcess.startReady(3, 1);
    leader = local.leader();
    agentId = local.clusterJson().get("agents").get(0).get("id").asText();
    framework = SleepTask.run(leader, agentId);
  }

  @AfterAll
  static void stopIt() throws Exception {
    if (framework != null) {
      framework.close();
    }
    if (local != null) {
      try {
        assertThat(local.terminate(Duration.ofSeconds(60))).isZero();
      } finally {
        local.close();
      }
    }
  }

  private int run(String... args) {
    CommandLine commandLine = TalusCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void itSummarizesTheClusterFromAnyMaster() {
    String follower = local.clusterJson().get("masters").findValuesAsText("http").stream()
        .filter(m -> !m.equals(leader)).findFirst().orElseThrow();
    String leaderId = Http.get(leader + "/master/raft").json().get("peer_id").asText();

    assertThat(run("state", "--master", URI.create(follower).getAuthority())).as(err.toString()).isZero();

    assertThat(out.toString())
        .containsPattern("(?m)^leader: +" + leaderId + " at " + leader + "$")
        .containsPattern("(?m)^raft: +term \\d+, commit index \\d+, applied index \\d+$")
        .containsPattern("(?m)^agents: +1 active, 0 unreachable$")
        .containsPattern("(?m)^  " + agentId + "  127\\.0\\.0\\.1  active  cpus:2;mem:2048;disk:10000;ports:\\[")
        .containsPattern("(?m)^  " + framework.frameworkId() + "  local-test  (in)?active  tasks: TASK_RUNNING 1 \\(total 1\\)$")
        .containsPattern("(?m)^tasks: +TASK_RUNNING 1 \\(total 1\\)$");
  }

  @Test
  void jsonPrintsTheLeadersStateAsItIs() throws Exception {
    assertThat(run("state", "--master", leader + "/master/state", "--json")).as(err.toString()).isZero();

    JsonNode state = Http.MAPPER.readTree(out.toString());
    assertThat(state.get("slaves").get(0).get("id").asText()).isEqualTo(agentId);
    assertThat(state.get("id").asText()).isEqualTo(state.get("leader_info").get("id").asText());
  }

  @Test
  void aMasterThatDoesNotAnswerIsExitCodeOne() {
    int port = MasterCluster.freePort();

    assertThat(run("state", "--master", "127.0.0.1:" + port)).isEqualTo(1);

    assertThat(err.toString()).contains("talus state: cannot reach the master at http://127.0.0.1:" + port)
        .contains("connection refused");
    assertThat(out.toString()).isEmpty();
  }
}
