package io.talus.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.cli.local.ProcTable;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.Http;
import io.talus.master.testing.ReceivedEvent;
import io.talus.mesos.v1.Protos.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real masters and one real {@code talus agent} process that knows nothing of them but
 * their gossip addresses: it registers, runs command tasks through their whole lifecycle, serves
 * their sandboxes, reports exit codes, and kills a task that ignores SIGTERM with its whole process
 * group once the grace period is over.
 */
class AgentEndToEndTest {

  @RegisterExtension static final AgentCluster CLUSTER = new AgentCluster();

  @Test
  void theAgentFindsTheLeaderByGossipAloneAndRegisters() {
    AgentProcess agent = CLUSTER.agent();
    String agentId = CLUSTER.agentId();
    JsonNode flags = agent.state().get("flags");
    assertThat(flags.path("master").asText("")).as("no master address was given").isIn("", "[]");
    assertThat(flags.path("gossip_seeds").asText()).contains("127.0.0.1:");

    MasterDaemon leader = CLUSTER.masters().leader();
    await("the agent active in the leader's /master/state").atMost(TestScheduler.WAIT).untilAsserted(() -> {
      JsonNode slaves = Http.get(leader.httpEndpoint() + "/master/state").json().get("slaves");
      assertThat(slaves).hasSize(1);
      JsonNode slave = slaves.get(0);
      assertThat(slave.get("id").asText()).isEqualTo(agentId);
      assertThat(slave.get("active").asBoolean()).isTrue();
      assertThat(slave.get("pid").asText()).isEqualTo("slave(1)@" + agent.endpoint().substring("http://".length()));
    });
    assertThat(agent.state().path("master").asText()).as("the master the agent is linked to")
        .isEqualTo(leader.httpEndpoint());
  }

  @Test
  void aCommandTaskRunsToFinishedAndItsStdoutIsReadableThroughTheAgent() {
    AgentProcess agent = CLUSTER.agent();
    String agentId = CLUSTER.agentId();
    TestScheduler framework = CLUSTER.subscribe("e2e-echo");
    framework.launch(agentId, 0, TaskJson.command("t-echo", agentId, "echo hello-talus"));

    // The agent sends a task's next update only once the previous one is acknowledged, so
    // acknowledging each in turn also checks their order.
    ReceivedEvent starting = framework.awaitAndAcknowledge("t-echo", TaskState.TASK_STARTING);
    ReceivedEvent running = framework.awaitAndAcknowledge("t-echo", TaskState.TASK_RUNNING);
    ReceivedEvent finished = framework.awaitAndAcknowledge("t-echo", TaskState.TASK_FINISHED);
    assertThat(List.of(starting, running, finished)).allSatisfy(e -> {
      assertThat(e.status().getAgentId().getValue()).isEqualTo(agentId);
      assertThat(e.status().getUuid().size()).isEqualTo(16);
    });
    assertThat(finished.status().getMessage()).contains("status 0");

    Path sandbox = agent.sandbox(framework.id(), "t-echo");
    assertThat(sandbox).startsWith(agent.workDir().resolve("slaves").resolve(agentId));
    assertThat(agent.readFile(sandbox.resolve("stdout"))).contains("hello-talus");
    Path latest = sandbox.getParent().resolve("latest");
    assertThat(Files.isSymbolicLink(latest)).as("runs/latest is a symlink").isTrue();
    assertThat(agent.readFile(latest.resolve("stdout"))).contains("hello-talus");
  }

  @Test
  void aFailingCommandIsFailedWithItsExitStatus() {
    String agentId = CLUSTER.agentId();
    TestScheduler framework = CLUSTER.subscribe("e2e-exit");
    framework.launch(agentId, 0, TaskJson.command("t-exit-7", agentId, "exit 7"));

    framework.awaitAndAcknowledge("t-exit-7", TaskState.TASK_STARTING);
    framework.awaitAndAcknowledge("t-exit-7", TaskState.TASK_RUNNING);
    ReceivedEvent failed = framework.awaitAndAcknowledge("t-exit-7", TaskState.TASK_FAILED);
    assertThat(failed.status().getMessage()).contains("status 7");
  }

  @Test
  void aTaskIgnoringSigtermIsKilledAfterTheGracePeriodWithItsWholeProcessGroup() {
    AgentProcess agent = CLUSTER.agent();
    String agentId = CLUSTER.agentId();
    TestScheduler framework = CLUSTER.subscribe("e2e-kill");
    framework.launch(agentId, 0, TaskJson.command("t-stubborn", agentId,
        "trap '' TERM; sleep 1000 & sleep 1000 & wait"));
    framework.awaitAndAcknowledge("t-stubborn", TaskState.TASK_STARTING);
    framework.awaitAndAcknowledge("t-stubborn", TaskState.TASK_RUNNING);

    Path sandbox = agent.sandbox(framework.id(), "t-stubborn");
    List<ProcTable.Proc> sleeps = await("both sleeps of the task").atMost(TestScheduler.WAIT)
        .until(() -> ProcTable.running(sandbox, List.of("sleep", "1000")), found -> found.size() == 2);
    long pgid = sleeps.get(0).pgrp();
    assertThat(sleeps.get(1).pgrp()).as("one process group for the task").isEqualTo(pgid);
    assertThat(ProcTable.group(pgid)).as("the group of the task's shell and its sleeps").hasSizeGreaterThanOrEqualTo(3);

    long killedAt = System.nanoTime();
    framework.kill("t-stubborn", agentId);
    ReceivedEvent killed = framework.awaitAndAcknowledge("t-stubborn", TaskState.TASK_KILLED);

    assertThat(Duration.ofNanos(killed.receivedNanos() - killedAt)).as("TASK_KILLED only after the grace period")
        .isGreaterThanOrEqualTo(AgentProcess.KILL_GRACE);
    assertThat(ProcTable.group(pgid)).as("processes left in the task's group").isEmpty();
    assertThat(ProcTable.workingIn(sandbox)).as("processes left in the task's sandbox").isEmpty();
  }
}
