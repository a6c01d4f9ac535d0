package io.talus.cli.local;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.testing.CallJson;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.TaskState;
import java.time.Duration;
import java.util.List;

/** A framework that runs one {@code sleep 1000} command task, so that a task process exists. */
final class SleepTask {

  static final String TASK_ID = "sleeper";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private SleepTask() {}

  /**
   * Subscribes a framework on the leader and launches the task on the agent's first offer, up to
   * TASK_RUNNING (both updates acknowledged). Closing the subscription leaves the task running.
   */
  static Subscription run(String leader, String agentId) {
    Subscription s = new SchedulerClient(leader).subscribe(CallJson.subscribe("local-test", 3600));
    assertThat(s.status()).as("SUBSCRIBE: %s", s.errorText()).isEqualTo(200);
    ReceivedEvent offers = s.await("an offer of " + agentId, offersFrom(agentId), WAIT);
    String offerId = offers.event().getOffers().getOffersList().stream()
        .filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow().getId().getValue();
    s.accepted(CallJson.acceptLaunch(s.frameworkId(), List.of(offerId), List.of(CallJson.task(TASK_ID, agentId))));
    s.acknowledge(s.await("TASK_STARTING", update(TASK_ID, TaskState.TASK_STARTING), WAIT));
    s.acknowledge(s.await("TASK_RUNNING", update(TASK_ID, TaskState.TASK_RUNNING), WAIT));
    return s;
  }
}
