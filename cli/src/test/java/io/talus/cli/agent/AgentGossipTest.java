package io.talus.cli.agent;

import io.talus.cli.local.ProcTable;
import io.talus.master.testing.ReceivedEvent;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent that dies and stays down: within seconds the leader (told by the broken stream and by
 * gossip) makes its tasks TASK_UNREACHABLE for partition-aware frameworks and TASK_LOST for the
 * others; when it comes back on the same work dir its task is RUNNING again, the same process.
 */
class AgentGossipTest {

  /** What frameworks may wait, at most, to hear that an agent has gone. */
  private static final Duration UNREACHABLE_BOUND = Duration.ofSeconds(5);

  @RegisterExtension final AgentCluster cluster = new AgentCluster();

  @Test
  void aDeadAgentsTasksAreUnreachableWithinFiveSecondsAndRunningAgainWhenItReturns() {
    AgentProcess agent = cluster.agent();
    String agentId = cluster.agentId();
    TestScheduler aware = cluster.subscribe("partition-aware", "PARTITION_AWARE");
    // Each framework refuses what its launch leaves for an hour, so the other gets the offer.
    ProcTable.Proc sleep = cluster.runSleep(aware, "t-aware", 3600);
    TestScheduler plain = cluster.subscribe("plain");
    cluster.runSleep(plain, "t-plain", 3600);

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
    assertThat(Procs.awaitOne(agent.sandbox(aware.id(), "t-aware"), List.of("sleep", "1000")).pid())
        .as("the same process after the restart").isEqualTo(sleep.pid());
  }
}
