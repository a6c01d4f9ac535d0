package io.talus.master.conformance;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.MasterToAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks through a real master and a real-protocol agent: ACCEPT with LAUNCH, status updates with
 * their retries and acknowledgements, reconciliation, and the ways an ACCEPT can fail.
 */
class TaskConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private static FakeAgent agent;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startMaster() {
    cluster = MasterCluster.start(1, dir);
    master = cluster.leader();
    // The agent itself waits long before sending an update again, so that what the framework
    // sees again is the master's own retry.
    agent = FakeAgent.start(List.of(master.httpEndpoint()),
        FakeAgent.Options.defaults().withUpdateRetry(Duration.ofSeconds(60)));
    agent.agentId();
  }

  @AfterAll
  static void stopMaster() {
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void tearDownFrameworks() {
    subscriptions.closeAll();
  }

  private Subscription subscribe(String name, String... capabilities) {
    Subscription s = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe(name, 0, capabilities)));
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  private static Offer offerFrom(Subscription s, String agentId) {
    return s.await("an offer of the agent", offersFrom(agentId), WAIT).event().getOffers().getOffersList()
        .stream().filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
  }

  private static Map<String, String> finishAfter(long millis) {
    return Map.of(FakeAgent.FINISH_AFTER_MS, Long.toString(millis));
  }

  @Test
  void launchedTaskReportsStartingRunningFinishedEachRetriedUntilAcknowledged() {
    Subscription s = subscribe("lifecycle");
    String fid = s.frameworkId();
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    s.accepted(CallJson.acceptLaunch(fid, List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-life", agentId, 0.5, 64, finishAfter(0)))));

    MasterToAgent run = agent.awaitReceived("run_task t-life",
        m -> m.hasRunTask() && m.getRunTask().getTask().getTaskId().getValue().equals("t-life"), WAIT);
    assertThat(run.getRunTask().getFramework().getId().getValue()).isEqualTo(fid);
    assertThat(run.getRunTask().getTask().getAgentId().getValue()).isEqualTo(agentId);

    // TASK_STARTING, with the agent's uuid, and again after the retry interval while unacknowledged.
    ReceivedEvent starting = s.await("TASK_STARTING", update("t-life", TaskState.TASK_STARTING), WAIT);
    TaskStatus status = starting.status();
    assertThat(status.getUuid().size()).isEqualTo(16);
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(status.getAgentId().getValue()).isEqualTo(agentId);
    JsonNode wire = starting.json().get("update").get("status");
    assertThat(wire.get("state").asText()).isEqualTo("TASK_STARTING");
    assertThat(wire.get("uuid").asText()).isEqualTo(starting.uuidBase64());
    assertThat(wire.get("source").asText()).isEqualTo("SOURCE_EXECUTOR");

    ReceivedEvent resent = s.await("TASK_STARTING sent again", update("t-life", TaskState.TASK_STARTING), WAIT);
    assertThat(resent.status().getUuid()).isEqualTo(status.getUuid());
    long gapMillis = (resent.receivedNanos() - starting.receivedNanos()) / 1_000_000;
    assertThat(gapMillis).isBetween(MasterCluster.STATUS_UPDATE_RETRY.toMillis() - 300,
        MasterCluster.STATUS_UPDATE_RETRY.toMillis() * 3);

    s.acknowledge(starting);
    awaitAcknowledgementAtAgent("t-life", starting);

    ReceivedEvent running = s.await("TASK_RUNNING", update("t-life", TaskState.TASK_RUNNING), WAIT);
    assertThat(running.status().getUuid().size()).isEqualTo(16);
    assertThat(running.status().getUuid()).isNotEqualTo(status.getUuid());
    s.acknowledge(running);
    awaitAcknowledgementAtAgent("t-life", running);

    ReceivedEvent finished = s.await("TASK_FINISHED", update("t-life", TaskState.TASK_FINISHED), WAIT);
    assertThat(finished.status().getUuid().size()).isEqualTo(16);
    s.acknowledge(finished);
    awaitAcknowledgementAtAgent("t-life", finished);

    // Once acknowledged, nothing of the task is sent again.
    long seen = s.events().stream().filter(e -> update("t-life").test(e.event())).count();
    await("no more updates of t-life").during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
        .until(() -> s.events().stream().filter(e -> update("t-life").test(e.event())).count() == seen);
    assertThat(agent.taskStates()).containsEntry("t-life", TaskState.TASK_FINISHED);
    assertThat(agent.unacknowledgedUpdates("t-life")).isZero();
  }

  private static void awaitAcknowledgementAtAgent(String taskId, ReceivedEvent update) {
    agent.awaitReceived("acknowledgement of " + taskId + " " + update.status().getState(),
        m -> m.hasAcknowledgement()
            && m.getAcknowledgement().getTaskId().getValue().equals(taskId)
            && m.getAcknowledgement().getUuid().equals(update.status().getUuid()), WAIT);
  }

  /** Launches one task that stays RUNNING, acknowledging its updates on the way. */
  private void launchRunning(Subscription s, String taskId) {
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);
    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        List.of(CallJson.task(taskId, agentId)), 0.0));
    s.acknowledge(s.await("TASK_STARTING " + taskId, update(taskId, TaskState.TASK_STARTING), WAIT));
    s.acknowledge(s.await("TASK_RUNNING " + taskId, update(taskId, TaskState.TASK_RUNNING), WAIT));
  }

  @Test
  void updatesNotAcknowledgedBeforeADisconnectionAreSentAgainOnResubscription() {
    Subscription first = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe("resubscriber", 3600)));
    String fid = first.frameworkId();
    String agentId = agent.agentId();
    Offer offer = offerFrom(first, agentId);
    first.accepted(CallJson.acceptLaunch(fid, List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-resub", agentId)), 0.0));
    ReceivedEvent starting = first.await("TASK_STARTING", update("t-resub", TaskState.TASK_STARTING), WAIT);

    first.close();
    Subscription second = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe("resubscriber", fid, 3600)));

    ReceivedEvent again = second.await("TASK_STARTING again", update("t-resub", TaskState.TASK_STARTING), WAIT);
    assertThat(again.status().getUuid()).isEqualTo(starting.status().getUuid());
    second.acknowledge(again);
    second.acknowledge(second.await("TASK_RUNNING", update("t-resub", TaskState.TASK_RUNNING), WAIT));
    second.accepted(CallJson.teardown(fid));
  }

  @Test
  void killOfARunningTaskReachesTheAgentAndEndsInTaskKilled() {
    Subscription s = subscribe("kill");
    launchRunning(s, "t-kill");

    s.accepted(CallJson.kill(s.frameworkId(), "t-kill", agent.agentId()));

    agent.awaitReceived("kill_task", m -> m.hasKillTask()
        && m.getKillTask().getTaskId().getValue().equals("t-kill")
        && m.getKillTask().getFrameworkId().getValue().equals(s.frameworkId()), WAIT);
    ReceivedEvent killed = s.await("TASK_KILLED", update("t-kill", TaskState.TASK_KILLED), WAIT);
    assertThat(killed.status().getUuid().size()).isEqualTo(16);
    s.acknowledge(killed);
  }

  @Test
  void killOfAnUnknownTaskAnswersTaskLost() {
    Subscription s = subscribe("kill-unknown");

    s.accepted(CallJson.kill(s.frameworkId(), "t-never", agent.agentId()));

    ReceivedEvent lost = s.await("TASK_LOST", update("t-never"), WAIT);
    assertThat(lost.status().getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(lost.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(lost.status().hasUuid()).isFalse();
  }

  @Test
  void teardownShutsTheFrameworkDownOnItsAgentsAndClosesItsStream() {
    Subscription s = subscribe("teardown");
    launchRunning(s, "t-torn");
    String fid = s.frameworkId();

    s.accepted(CallJson.teardown(fid));

    agent.awaitReceived("shutdown_framework", m -> m.hasShutdownFramework()
        && m.getShutdownFramework().getFrameworkId().getValue().equals(fid), WAIT);
    s.awaitEnd(WAIT);
    await("the framework is completed").atMost(WAIT).untilAsserted(() -> {
      JsonNode state = io.talus.master.testing.Http.get(master.httpEndpoint() + "/master/state").json();
      List<String> completed = new java.util.ArrayList<>();
      state.get("completed_frameworks").forEach(f -> completed.add(f.get("id").asText()));
      assertThat(completed).contains(fid);
    });
  }

  @Test
  void messageReachesTheExecutorsAgent() {
    Subscription s = subscribe("message");
    launchRunning(s, "t-msg");

    s.accepted(CallJson.message(s.frameworkId(), agent.agentId(), "t-msg", "aGVsbG8="));

    MasterToAgent m = agent.awaitReceived("framework_to_executor", x -> x.hasFrameworkToExecutor()
        && x.getFrameworkToExecutor().getFrameworkId().getValue().equals(s.frameworkId()), WAIT);
    assertThat(m.getFrameworkToExecutor().getExecutorId().getValue()).isEqualTo("t-msg");
    assertThat(m.getFrameworkToExecutor().getData().toStringUtf8()).isEqualTo("hello");
  }

  @Test
  void explicitReconciliationAnswersKnownTasksFromTheMasterAndUnknownOnesLost() {
    Subscription s = subscribe("reconcile-explicit");
    String fid = s.frameworkId();
    launchRunning(s, "t-known");
    String agentId = agent.agentId();

    Map<String, String> asked = new LinkedHashMap<>();
    asked.put("t-known", agentId);
    asked.put("t-ghost", null);
    s.accepted(CallJson.reconcile(fid, asked));

    ReceivedEvent known = s.await("reconciled t-known", e -> update("t-known").test(e)
        && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT);
    assertThat(known.status().getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(known.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(known.status().hasUuid()).isFalse();
    assertThat(known.status().getAgentId().getValue()).isEqualTo(agentId);
    JsonNode wire = known.json().get("update").get("status");
    assertThat(wire.has("uuid")).isFalse();
    assertThat(wire.get("reason").asText()).isEqualTo("REASON_RECONCILIATION");
    assertThat(wire.get("source").asText()).isEqualTo("SOURCE_MASTER");

    ReceivedEvent ghost = s.await("reconciled t-ghost", update("t-ghost"), WAIT);
    assertThat(ghost.status().getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(ghost.status().getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(ghost.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(ghost.status().hasUuid()).isFalse();
  }

  @Test
  void implicitReconciliationAnswersEveryTaskOfTheFramework() {
    Subscription s = subscribe("reconcile-implicit");
    launchRunning(s, "t-imp-1");
    launchRunning(s, "t-imp-2");

    s.accepted(CallJson.reconcile(s.frameworkId(), Map.of()));

    for (String task : List.of("t-imp-1", "t-imp-2")) {
      ReceivedEvent r = s.await("reconciled " + task, e -> update(task, TaskState.TASK_RUNNING).test(e)
          && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT);
      assertThat(r.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
      assertThat(r.status().hasUuid()).isFalse();
    }
    // Reconciliation updates are not retried: they need no acknowledgement.
    s.expectNone("a second reconciliation answer", e -> update("t-imp-1").test(e)
        && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION,
        MasterCluster.STATUS_UPDATE_RETRY.multipliedBy(2));
  }

  @Test
  void acceptOfAnUnknownOfferLosesItsTasksWithInvalidOffers() {
    Subscription s = subscribe("unknown-offer");
    String agentId = agent.agentId();
    offerFrom(s, agentId);

    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of("no-such-offer"),
        List.of(CallJson.task("t-unknown-offer", agentId))));

    ReceivedEvent lost = s.await("TASK_LOST", update("t-unknown-offer"), WAIT);
    assertThat(lost.status().getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(lost.status().getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(lost.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
  }

  @Test
  void acceptOfAnOfferAlreadyUsedDropsItsTasksForPartitionAwareFrameworks() {
    Subscription s = subscribe("used-offer", "PARTITION_AWARE");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);
    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-first-use", agentId))));

    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-second-use", agentId))));

    ReceivedEvent dropped = s.await("TASK_DROPPED", update("t-second-use"), WAIT);
    assertThat(dropped.status().getState()).isEqualTo(TaskState.TASK_DROPPED);
    assertThat(dropped.status().getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    s.await("TASK_STARTING of the first task", update("t-first-use", TaskState.TASK_STARTING), WAIT);
    assertThat(agent.received(MasterToAgent.MessageCase.RUN_TASK))
        .noneMatch(m -> m.getRunTask().getTask().getTaskId().getValue().equals("t-second-use"));
  }

  @Test
  void taskAskingMoreThanTheOfferIsAnError() {
    Subscription s = subscribe("overcommit");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-greedy", agentId, 100, 64, Map.of())), 0.0));

    ReceivedEvent error = s.await("TASK_ERROR", update("t-greedy"), WAIT);
    assertThat(error.status().getState()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(error.status().getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(error.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(error.status().hasUuid()).isFalse();
    // Nothing was launched: the whole offer comes back (at once, with refuse_seconds 0).
    assertThat(offerFrom(s, agentId).getResourcesList()).hasSameElementsAs(offer.getResourcesList());
  }

  @Test
  void duplicateTaskIdInOneAcceptIsAnError() {
    Subscription s = subscribe("duplicate");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-twin", agentId), CallJson.task("t-twin", agentId))));

    ReceivedEvent error = s.await("TASK_ERROR", update("t-twin", TaskState.TASK_ERROR), WAIT);
    assertThat(error.status().getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    // The first of the two is launched, once.
    s.await("TASK_STARTING of the first t-twin", update("t-twin", TaskState.TASK_STARTING), WAIT);
    assertThat(agent.received(MasterToAgent.MessageCase.RUN_TASK))
        .filteredOn(m -> m.getRunTask().getTask().getTaskId().getValue().equals("t-twin"))
        .hasSize(1);
  }
}
