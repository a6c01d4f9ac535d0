package io.talus.cli.agent;

import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.ReceivedEvent;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that dies and stays down: within seconds the leader (told by the broken stream and by
 * gossip) makes its tasks TASK_UNREACHABLE for partition-aware frameworks and TASK_LOST for the
 * others; when it comes back on the same work dir its task is RUNNING again, the same process.
 */
class AgentGossipTest {

  /** What frameworks may wait, at most, to hear that an agent has gone. */
  private static final Duration UNREACHABLE_BOUND = Duration.ofSeconds(5);

  @TempDir Path dir;
  @RegisterExtension final AgentLogsOnFailure logs = new AgentLogsOnFailure();

  private MasterCluster cluster;
  private AgentProcess agent;
  private TestScheduler aware;
  private TestScheduler plain;

  @BeforeEach
  void start() {
    cluster = MasterCluster.start(3, dir.resolve("masters"));
    cluster.leader();
    agent = logs.watch(AgentProcess.start(dir, cluster));
  }

  @AfterEach
  void stop() {
    for (TestScheduler f : new TestScheduler[] {aware, plain}) {
      if (f != null) {
        f.close();
      }
    }
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aDeadAgentsTasksAreUnreachableWithinFiveSecondsAndRunningAgainWhenItReturns() {
    String agentId = agent.awaitRegistered();
    aware = TestScheduler.subscribe(cluster, "partition-aware", "PARTITION_AWARE");
    // Each framework refuses what its launch leaves for an hour, so the other gets the offer.
    aware.launch(agentId, 3600, TaskJson.command("t-aware", agentId, "sleep 1000"));
    aware.awaitAndAcknowledge("t-aware", TaskState.TASK_STARTING);
    aware.awaitAndAcknowledge("t-aware", TaskState.TASK_RUNNING);
    plain = TestScheduler.subscribe(cluster, "plain");
    plain.launch(agentId, 3600, TaskJson.command("t-plain", agentId, "sleep 1000"));
    plain.awaitAndAcknowledge("t-plain", TaskState.TASK_STARTING);
    plain.awaitAndAcknowledge("t-plain", TaskState.TASK_RUNNING);
    ProcTable.Proc sleep = ProcTable.awaitOne(agent.sandbox(aware.id(), "t-aware"), List.of("sleep", "1000"));

    long killedAt = System.nanoTime();
    assertThat(agent.kill9()).as("exit code of the agent's JVM: 128 + SIGKILL").isEqualTo(137);

    ReceivedEvent unreachable = aware.awaitUpdate("t-aware", TaskState.TASK_UNREACHABLE);
    assertThat(Duration.ofNanos(unreachable.receivedNanos() - killedAt)).as("from kill -9 to TASK_UNREACHABLE")
        .isLessThan(UNREACHABLE_BOUND);
    assertThat(unreachable.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(unreachable.status().hasUnreachableTime()).isTrue();
    ReceivedEvent lost = plain.subscription().await("an update of t-plain", update("t-plain"), TestScheduler.WAIT);
    assertThat(lost.status().getState()).as("what a framework that is not partition-aware hears")
        .isEqualTo(TaskState.TASK_LOST);
    assertThat(Duration.ofNanos(lost.receivedNanos() - killedAt)).isLessThan(UNREACHABLE_BOUND);
    assertThat(ProcTable.alive(sleep.pid())).as("the task runs on without its agent").isTrue();

    long restartedAt = System.nanoTime();
    agent.restart();
    assertThat(agent.awaitRegistered()).isEqualTo(agentId);
    ReceivedEvent back = aware.awaitUpdate("t-aware", TaskState.TASK_RUNNING);
    assertThat(back.receivedNanos()).isGreaterThan(restartedAt);
    assertThat(ProcTable.awaitOne(agent.sandbox(aware.id(), "t-aware"), List.of("sleep", "1000")).pid())
        .as("the same process after the restart").isEqualTo(sleep.pid());
  }
}
