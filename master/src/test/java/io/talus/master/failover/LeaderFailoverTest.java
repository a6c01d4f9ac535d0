package io.talus.master.failover;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.MasterToAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md's "Failover, as a user sees it", end to end: three masters, an agent and a framework
 * that speaks plain HTTP. The leader dies; a new one is elected with the whole registry; the
 * framework finds it through another master, resubscribes with its id and reconciles at once; the
 * agent reregisters with the tasks it runs; offers resume; nothing committed is lost and no task
 * is relaunched or killed.
 */
class LeaderFailoverTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<String> RUNNING = List.of("run-1", "run-2", "run-3");
  private static final List<String> FINISHING = List.of("done-1", "done-2");
  /** Its TASK_RUNNING is never acknowledged before the failover. */
  private static final String UNACKED = "unacked-1";

  @TempDir Path dir;
  private MasterCluster cluster;
  private FakeAgent agent;
  private final List<Subscription> subscriptions = new ArrayList<>();

  @AfterEach
  void stop() {
    subscriptions.forEach(Subscription::close);
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNewLeaderTakesOverWithEverythingCommittedAndTheFrameworkAndAgentCarryOn() {
    cluster = MasterCluster.start(3, dir);
    MasterDaemon oldLeader = cluster.leader();
    for (MasterDaemon m : cluster.followers()) {
      await("follower knows the leader").atMost(WAIT).pollInterval(Duration.ofMillis(50))
          .until(() -> Http.get(m.httpEndpoint() + "/master/redirect").status() == 307);
    }
    agent = FakeAgent.start(cluster.endpoints(), FakeAgent.Options.defaults());
    String agentId = agent.agentId();
    assertThat(agent.master()).hasValue(oldLeader.httpEndpoint());

    // ---- before: a framework launches tasks; some finish, some keep running ----
    Subscription before = subscribe(oldLeader.httpEndpoint(), CallJson.subscribe("failover-fw", 3600));
    String frameworkId = before.frameworkId();
    Offer offer = before.await("an offer", offersFrom(agentId), WAIT).event().getOffers().getOffers(0);
    List<String> tasks = new ArrayList<>();
    RUNNING.forEach(t -> tasks.add(CallJson.task(t, agentId)));
    FINISHING.forEach(t -> tasks.add(CallJson.task(t, agentId, 0.1, 32, Map.of(FakeAgent.FINISH_AFTER_MS, "0"))));
    tasks.add(CallJson.task(UNACKED, agentId));
    before.accepted(CallJson.acceptLaunch(frameworkId, List.of(offer.getId().getValue()), tasks, 0.0));

    Map<String, TaskState> targets = new TreeMap<>();
    RUNNING.forEach(t -> targets.put(t, TaskState.TASK_RUNNING));
    FINISHING.forEach(t -> targets.put(t, TaskState.TASK_FINISHED));
    targets.put(UNACKED, TaskState.TASK_STARTING);
    acknowledgeUntil(before, targets, Set.of(UNACKED + "/" + TaskState.TASK_RUNNING));
    ReceivedEvent unackedRunning = before.await("TASK_RUNNING of " + UNACKED,
        update(UNACKED, TaskState.TASK_RUNNING), WAIT);
    await("the agent has every acknowledgement").atMost(WAIT).until(() ->
        RUNNING.stream().allMatch(t -> agent.unacknowledgedUpdates(t) == 0)
            && FINISHING.stream().allMatch(t -> agent.unacknowledgedUpdates(t) == 0));

    Map<String, String> committedTasks = tasksOf(oldLeader);
    assertThat(committedTasks).containsOnlyKeys(RUNNING.get(0), RUNNING.get(1), RUNNING.get(2), UNACKED);
    assertThat(committedTasks.values()).containsOnly("TASK_RUNNING");
    long committedIndex = Http.get(oldLeader.httpEndpoint() + "/master/raft").json().get("commit_index").asLong();

    // ---- the leader dies ----
    long killedAt = System.nanoTime();
    cluster.kill(oldLeader);
    before.awaitEnd(WAIT);

    MasterDaemon newLeader = cluster.leader(WAIT);
    assertThat(newLeader).isNotSameAs(oldLeader);
    List<String> survivors = cluster.masters().stream().map(MasterDaemon::httpEndpoint).toList();

    // ---- the framework finds the new leader through any master and resubscribes ----
    String found = await("a master names the new leader").atMost(WAIT).pollInterval(Duration.ofMillis(50))
        .until(() -> Http.leaderFrom(survivors), l -> l.equals(Optional.of(newLeader.httpEndpoint())))
        .orElseThrow();
    Subscription after = subscribe(found, CallJson.subscribe("failover-fw", frameworkId, 3600));
    assertThat(after.status()).isEqualTo(200);
    ReceivedEvent subscribed = after.await(Event.Type.SUBSCRIBED, WAIT);
    assertThat(subscribed.event().getSubscribed().getFrameworkId().getValue()).isEqualTo(frameworkId);
    assertThat(after.streamId()).isNotEqualTo(before.streamId());

    // Implicit reconciliation answers at once, from the registry, whatever the agent is doing.
    after.accepted(CallJson.reconcile(frameworkId, Map.of()));
    Map<String, TaskState> reconciled = new TreeMap<>();
    for (String t : committedTasks.keySet()) {
      ReceivedEvent r = after.await("reconciliation of " + t, e -> update(t).test(e)
          && e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION, WAIT);
      assertThat(r.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
      reconciled.put(t, r.status().getState());
    }
    assertThat(reconciled).containsOnlyKeys(committedTasks.keySet()).containsValues(TaskState.TASK_RUNNING)
        .doesNotContainValue(TaskState.TASK_LOST);

    // The update that was never acknowledged is delivered again, with its uuid, and can be now.
    ReceivedEvent redelivered = after.await("TASK_RUNNING of " + UNACKED + " again",
        e -> update(UNACKED, TaskState.TASK_RUNNING).test(e) && e.getUpdate().getStatus().hasUuid(), WAIT);
    assertThat(redelivered.status().getUuid()).isEqualTo(unackedRunning.status().getUuid());
    after.acknowledge(redelivered);

    // ---- the agent reregisters with the new leader, reporting what it runs ----
    await("the agent reregistered with the new leader").atMost(WAIT)
        .until(() -> agent.reregistrations() >= 1 && agent.master().equals(Optional.of(newLeader.httpEndpoint())));
    assertThat(agent.registrations()).isEqualTo(1);
    await("the agent has the acknowledgement of " + UNACKED).atMost(WAIT)
        .until(() -> agent.unacknowledgedUpdates(UNACKED) == 0);

    // ---- offers resume, for what the running tasks leave free ----
    Offer resumed = after.await("an offer from the new leader", offersFrom(agentId), WAIT).event().getOffers()
        .getOffersList().stream().filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
    double cpus = resumed.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
    assertThat(cpus).isCloseTo(4.0 - 0.1 * committedTasks.size(), within(1e-9));
    System.out.printf("failover: new leader serving offers %d ms after the kill%n",
        (System.nanoTime() - killedAt) / 1_000_000);

    // ---- nothing committed was lost; nothing was relaunched or killed ----
    assertThat(tasksOf(newLeader)).isEqualTo(committedTasks);
    long newCommitIndex = Http.get(newLeader.httpEndpoint() + "/master/raft").json().get("commit_index").asLong();
    assertThat(newCommitIndex).isGreaterThanOrEqualTo(committedIndex);
    JsonNode state = Http.get(newLeader.httpEndpoint() + "/master/state").json();
    assertThat(ids(state.get("frameworks"))).containsExactly(frameworkId);
    assertThat(ids(state.get("slaves"))).containsExactly(agentId);
    assertThat(state.get("frameworks").get(0).get("tasks")).hasSize(committedTasks.size());
    for (String t : RUNNING) {
      assertThat(agent.received(MasterToAgent.MessageCase.RUN_TASK))
          .filteredOn(m -> m.getRunTask().getTask().getTaskId().getValue().equals(t)).hasSize(1);
    }
    assertThat(agent.received(MasterToAgent.MessageCase.KILL_TASK)).isEmpty();
    assertThat(agent.received(MasterToAgent.MessageCase.SHUTDOWN_FRAMEWORK)).isEmpty();
    assertThat(agent.taskStates()).containsAllEntriesOf(
        RUNNING.stream().collect(Collectors.toMap(t -> t, t -> TaskState.TASK_RUNNING)));
    assertThat(after.pending(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getState() != TaskState.TASK_RUNNING)).isEmpty();

    // ---- and the new leader launches as the old one did ----
    after.accepted(CallJson.acceptLaunch(frameworkId, List.of(resumed.getId().getValue()),
        List.of(CallJson.task("after-failover", agentId)), 0.0));
    after.acknowledge(after.await("TASK_STARTING after the failover",
        update("after-failover", TaskState.TASK_STARTING), WAIT));
    after.acknowledge(after.await("TASK_RUNNING after the failover",
        update("after-failover", TaskState.TASK_RUNNING), WAIT));
  }

  @Test
  void aFollowerLeftWithoutAQuorumAnswers503AndNeverRedirectsToADeadLeader() {
    cluster = MasterCluster.start(3, dir);
    cluster.kill(cluster.leader());
    MasterDaemon second = cluster.leader(WAIT);
    MasterDaemon survivor = cluster.followers().get(0);
    await("the survivor knows the second leader").atMost(WAIT).pollInterval(Duration.ofMillis(50))
        .until(() -> Http.get(survivor.httpEndpoint() + "/master/redirect").status() == 307);

    cluster.kill(second);

    await("the survivor stops naming a leader").atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .until(() -> Http.get(survivor.httpEndpoint() + "/master/redirect").status() == 503);
    Http.Reply scheduler = Http.postJson(survivor.httpEndpoint() + SchedulerClient.PATH,
        CallJson.subscribe("no-quorum", 0));
    assertThat(scheduler.status()).isEqualTo(503);
    assertThat(scheduler.header("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(Http.postJson(survivor.httpEndpoint() + "/api/v1", "{\"type\":\"GET_HEALTH\"}").status())
        .isEqualTo(503);
    // What needs no leader still works.
    assertThat(Http.get(survivor.httpEndpoint() + "/health").status()).isEqualTo(200);
    assertThat(Http.get(survivor.httpEndpoint() + "/metrics/snapshot").json().get("master/elected").asDouble())
        .isEqualTo(0.0);
  }

  /**
   * A leader cut off from both followers must stop leading (Ratis steps it down after an
   * election timeout without a majority): it must neither report itself elected nor leave a
   * scheduler's request unanswered.
   */
  @Test
  void aLeaderThatLosesItsQuorumStopsLeadingAndAnswers503() {
    cluster = MasterCluster.start(3, dir);
    MasterDaemon leader = cluster.leader();
    for (MasterDaemon follower : cluster.followers()) {
      cluster.kill(follower);
    }

    await("the cut-off leader steps down").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> !leader.isLeader());
    assertThat(Http.get(leader.httpEndpoint() + "/metrics/snapshot").json().get("master/elected").asDouble())
        .isEqualTo(0.0);
    java.net.http.HttpRequest subscribe = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(leader.httpEndpoint() + SchedulerClient.PATH))
        .header("Content-Type", Http.JSON)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CallJson.subscribe("cut-off", 0)))
        .timeout(Duration.ofSeconds(5))
        .build();
    assertThat(Http.send(subscribe).status()).isEqualTo(503);
  }

  private Subscription subscribe(String master, String json) {
    Subscription s = new SchedulerClient(master).subscribe(json);
    subscriptions.add(s);
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  /**
   * Acknowledges every update that carries a uuid (except those named {@code taskId/STATE} in
   * {@code skip}) until each task has reached its target state.
   */
  private static void acknowledgeUntil(Subscription s, Map<String, TaskState> targets, Set<String> skip) {
    Set<String> reached = new HashSet<>();
    while (!reached.containsAll(targets.keySet())) {
      ReceivedEvent u = s.await("an update to acknowledge", e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().hasUuid()
          && !skip.contains(e.getUpdate().getStatus().getTaskId().getValue() + "/"
              + e.getUpdate().getStatus().getState()), WAIT);
      String task = u.status().getTaskId().getValue();
      s.acknowledge(u);
      if (targets.get(task) == u.status().getState()) {
        reached.add(task);
      }
    }
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  /** Task id to state, from the operator API's GET_TASKS on this master. */
  private static Map<String, String> tasksOf(MasterDaemon master) {
    Http.Reply r = Http.postJson(master.httpEndpoint() + "/api/v1", "{\"type\":\"GET_TASKS\"}");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    Map<String, String> tasks = new TreeMap<>();
    for (JsonNode t : r.json().get("get_tasks").path("tasks")) {
      tasks.put(t.get("task_id").get("value").asText(), t.get("state").asText());
    }
    return tasks;
  }
}
