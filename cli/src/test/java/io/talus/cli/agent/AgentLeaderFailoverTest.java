package io.talus.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talus.cli.local.ProcTable;
import io.talus.master.MasterDaemon;
import io.talus.mesos.v1.Protos.TaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leading master dies: the agent, which knows no master address, learns the new leader from
 * gossip and reregisters there with the task it runs; the task keeps its process, the new leader
 * holds it RUNNING, and new work reaches the agent through the new leader.
 */
class AgentLeaderFailoverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final AgentCluster cluster = new AgentCluster();

  @Test
  void theAgentFollowsTheNewLeaderWithItsRunningTask() throws Exception {
    AgentProcess agent = cluster.agent();
    String agentId = cluster.agentId();
    TestScheduler first = cluster.subscribe("before-failover");
    ProcTable.Proc sleep = cluster.runSleep(first, "t-long", 3600);
    String taskFramework = first.id();

    MasterDaemon old = cluster.masters().leader();
    cluster.masters().kill(old);
    MasterDaemon leader = cluster.masters().leader();
    assertThat(leader).isNotSameAs(old);

    await("the agent linked to the new leader").atMost(TestScheduler.WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> agent.state().path("master").asText(), leader.httpEndpoint()::equals);
    await("the new leader has the agent active and its task running").atMost(TestScheduler.WAIT)
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          JsonNode state = masterState(leader.httpEndpoint());
          boolean active = false;
          for (JsonNode s : state.path("slaves")) {
            active |= s.path("id").asText().equals(agentId) && s.path("active").asBoolean();
          }
          boolean running = false;
          for (JsonNode f : state.path("frameworks")) {
            for (JsonNode t : f.path("tasks")) {
              running |= f.path("id").asText().equals(taskFramework) && t.path("id").asText().equals("t-long")
                  && t.path("state").asText().equals("TASK_RUNNING");
            }
          }
          return active && running;
        });
    assertThat(ProcTable.alive(sleep.pid())).as("the task's process runs on through the failover").isTrue();
    assertThat(agent.log()).as("the agent reregistered, it did not register anew")
        .contains("agent reregistered").doesNotContain("agent registered agent=" + agentId + " master=" + leader.httpEndpoint());

    TestScheduler second = cluster.subscribe("after-failover");
    second.launch(agentId, 3600, TaskJson.command("t-after", agentId, "echo after-failover"));
    second.awaitAndAcknowledge("t-after", TaskState.TASK_STARTING);
    second.awaitAndAcknowledge("t-after", TaskState.TASK_RUNNING);
    second.awaitAndAcknowledge("t-after", TaskState.TASK_FINISHED);
    assertThat(Procs.awaitOne(agent.sandbox(first.id(), "t-long"), List.of("sleep", "1000")).pid())
        .isEqualTo(sleep.pid());
  }

  private static JsonNode masterState(String master) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(master + "/master/state")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }
}
