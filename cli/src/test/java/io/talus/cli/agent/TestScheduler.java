package io.talus.cli.agent;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.testing.CallJson;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A framework for these tests: one JSON subscription to the leading master, with the few calls the
 * tests make. Every wait is generous (the agent is a real process on a small machine) unless a
 * test measures a bound itself.
 */
final class TestScheduler implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final Subscription s;

  private TestScheduler(Subscription s) {
    this.s = s;
  }

  /** Subscribes a framework (failover timeout one hour) on the leader. */
  static TestScheduler subscribe(MasterCluster cluster, String name, String... capabilities) {
    Subscription s = new SchedulerClient(cluster.leader().httpEndpoint())
        .subscribe(CallJson.subscribe(name, 3600, capabilities));
    assertThat(s.status()).as("SUBSCRIBE of %s: %s", name, s.errorText()).isEqualTo(200);
    return new TestScheduler(s);
  }

  String id() {
    return s.frameworkId();
  }

  Subscription subscription() {
    return s;
  }

  /**
   * ACCEPT of the agent's next offer with these tasks (TaskInfo JSON); whatever the launch leaves
   * unused is refused for {@code refuseSeconds}.
   */
  void launch(String agentId, double refuseSeconds, String... tasks) {
    Offer offer = s.await("an offer of agent " + agentId, offersFrom(agentId), WAIT).event().getOffers()
        .getOffersList().stream().filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
    s.accepted(CallJson.acceptLaunch(id(), List.of(offer.getId().getValue()), List.of(tasks), refuseSeconds));
  }

  ReceivedEvent awaitUpdate(String taskId, TaskState state) {
    return awaitUpdate(taskId, state, WAIT);
  }

  ReceivedEvent awaitUpdate(String taskId, TaskState state, Duration timeout) {
    return s.await(taskId + " " + state, update(taskId, state), timeout);
  }

  /** Waits for the update and acknowledges it (when it carries a uuid, i.e. needs one). */
  ReceivedEvent awaitAndAcknowledge(String taskId, TaskState state) {
    ReceivedEvent e = awaitUpdate(taskId, state);
    acknowledge(e);
    return e;
  }

  void acknowledge(ReceivedEvent update) {
    if (update.status().hasUuid()) {
      s.acknowledge(update);
    }
  }

  void kill(String taskId, String agentId) {
    s.accepted(CallJson.kill(id(), taskId, agentId));
  }

  void message(String agentId, String executorId, byte[] data) {
    s.accepted(CallJson.message(id(), agentId, executorId, Base64.getEncoder().encodeToString(data)));
  }

  /** TEARDOWN (the master kills the framework's tasks), then the connection closes. */
  @Override
  public void close() {
    try {
      if (s.status() == 200 && !s.ended()) {
        s.call(CallJson.teardown(id()));
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      // the master may be gone already
    } finally {
      s.close();
    }
  }
}
