package io.talus.master.conformance;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What frameworks see when an agent goes away: its offers are rescinded, and once it has been
 * gone (or silent) for the disconnect timeout its tasks are TASK_UNREACHABLE for PARTITION_AWARE
 * frameworks and TASK_LOST for the others; when it comes back they are RUNNING again.
 */
class AgentLossConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private FakeAgent agent;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startMaster() {
    cluster = MasterCluster.start(1, dir);
    master = cluster.leader();
  }

  @AfterAll
  static void stopMaster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopAgentAndFrameworks() {
    subscriptions.closeAll();
    if (agent != null) {
      agent.close();
    }
  }

  private Subscription subscribe(String name, String... capabilities) {
    Subscription s = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe(name, 3600, capabilities)));
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  /** Launches tasks that stay RUNNING; the framework refuses the rest of the agent for an hour. */
  private static void launchRunning(Subscription s, String agentId, String... taskIds) {
    Offer offer = s.await("an offer", offersFrom(agentId), WAIT).event().getOffers().getOffersList().stream()
        .filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        java.util.Arrays.stream(taskIds).map(t -> CallJson.task(t, agentId)).toList(), 3600.0));
    for (String taskId : taskIds) {
      s.acknowledge(s.await("STARTING", update(taskId, TaskState.TASK_STARTING), WAIT));
      s.acknowledge(s.await("RUNNING", update(taskId, TaskState.TASK_RUNNING), WAIT));
    }
  }

  @Test
  void tasksOfAnAgentThatStaysAwayAreUnreachableOrLostAndRunningWhenItReturns() {
    agent = FakeAgent.start(master.httpEndpoint());
    String agentId = agent.agentId();
    Subscription aware = subscribe("partition-aware", "PARTITION_AWARE");
    launchRunning(aware, agentId, "t-aware");
    Subscription plain = subscribe("plain");
    launchRunning(plain, agentId, "t-plain");
    // A third framework holds an offer of the agent when it goes.
    Subscription holder = subscribe("holder");
    Offer held = holder.await("an offer", offersFrom(agentId), WAIT).event().getOffers().getOffers(0);

    long gone = System.nanoTime();
    agent.disconnect();

    ReceivedEvent rescind = holder.await(Event.Type.RESCIND, WAIT);
    assertThat(rescind.event().getRescind().getOfferId()).isEqualTo(held.getId());

    ReceivedEvent unreachable = aware.await("TASK_UNREACHABLE", update("t-aware", TaskState.TASK_UNREACHABLE), WAIT);
    assertThat(Duration.ofNanos(unreachable.receivedNanos() - gone))
        .isGreaterThanOrEqualTo(MasterCluster.AGENT_DISCONNECT_TIMEOUT.minusMillis(500));
    assertThat(unreachable.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(unreachable.status().hasUnreachableTime()).isTrue();
    // Only TASK_LOST: on a loaded machine an earlier update may have been re-sent before its ack landed.
    ReceivedEvent lost = plain.await("TASK_LOST", update("t-plain", TaskState.TASK_LOST), WAIT);
    assertThat(lost.status().getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(lost.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    await("the agent counted unreachable").atMost(WAIT).until(() ->
        Http.get(master.httpEndpoint() + "/metrics/snapshot").json().get("master/slaves_unreachable").asDouble() == 1.0);

    agent.reconnect();
    await("the agent reregistered").atMost(WAIT).until(() -> agent.reregistrations() >= 1);

    await("t-aware reconciles as RUNNING").atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      aware.accepted(CallJson.reconcile(aware.frameworkId(), Map.of("t-aware", agentId)));
      assertThat(aware.await("reconciliation", e -> update("t-aware").test(e)
          && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT)
          .status().getState()).isEqualTo(TaskState.TASK_RUNNING);
    });
    assertThat(agent.taskStates()).containsEntry("t-aware", TaskState.TASK_RUNNING);
  }

  @Test
  void tasksAnAgentNoLongerReportsAreLostWhenItReregisters() {
    agent = FakeAgent.start(master.httpEndpoint());
    String agentId = agent.agentId();
    Subscription aware = subscribe("forgotten-aware", "PARTITION_AWARE");
    launchRunning(aware, agentId, "t-forgotten-aware", "t-kept");
    Subscription plain = subscribe("forgotten-plain");
    launchRunning(plain, agentId, "t-forgotten-plain");

    agent.disconnect();
    agent.forget("t-forgotten-aware");
    agent.forget("t-forgotten-plain");
    agent.reconnect();
    await("the agent reregistered").atMost(WAIT).until(() -> agent.reregistrations() >= 1);

    ReceivedEvent dropped = aware.await("update of t-forgotten-aware", update("t-forgotten-aware"), WAIT);
    assertThat(dropped.status().getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(dropped.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    ReceivedEvent lost = plain.await("update of t-forgotten-plain", update("t-forgotten-plain"), WAIT);
    assertThat(lost.status().getState()).isEqualTo(TaskState.TASK_LOST);
    aware.expectNone("an update of the task the agent still runs", update("t-kept"), Duration.ofMillis(500));
  }

  @Test
  void anAgentThatStopsHeartbeatingIsDroppedThoughItsStreamIsOpen() {
    agent = FakeAgent.start(master.httpEndpoint());
    agent.agentId();

    long silenced = System.nanoTime();
    agent.silence(true);

    await("the master drops the silent agent").atMost(WAIT).until(() -> agent.reregistrations() >= 1);
    assertThat(Duration.ofNanos(System.nanoTime() - silenced))
        .isGreaterThanOrEqualTo(MasterCluster.AGENT_DISCONNECT_TIMEOUT.minusMillis(500));

    agent.silence(false);
    int sessions = agent.reregistrations();
    await("a heartbeating agent stays connected").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
        .until(() -> agent.reregistrations() <= sessions + 1 && agent.connected());
  }
}
