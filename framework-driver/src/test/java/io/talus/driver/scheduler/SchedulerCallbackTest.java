package io.talus.driver.scheduler;

import static io.talus.driver.Eventually.eventually;
import static io.talus.driver.scheduler.SchedulerEvents.error;
import static io.talus.driver.scheduler.SchedulerEvents.message;
import static io.talus.driver.scheduler.SchedulerEvents.offers;
import static io.talus.driver.scheduler.SchedulerEvents.rescind;
import static io.talus.driver.scheduler.SchedulerEvents.status;
import static io.talus.driver.scheduler.SchedulerEvents.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.driver.Status;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How events become callbacks: one thread, stream order, ERROR ends the driver. */
class SchedulerCallbackTest {

  private final RecordingScheduler scheduler = new RecordingScheduler();
  private FakeMaster master;
  private V1SchedulerDriver driver;

  @BeforeEach
  void subscribe() throws Exception {
    master = FakeMaster.start("fw-1");
    driver =
        V1SchedulerDriver.builder(
                scheduler, V1SchedulerDriverTest.FRAMEWORK, List.of(master.address()))
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build();
    driver.start();
    eventually().until(() -> scheduler.events.contains("registered fw-1"));
  }

  @AfterEach
  void tearDown() {
    driver.abort();
    master.close();
  }

  @Test
  void callbacksComeOnOneThreadInStreamOrder() {
    List<String> expected = new ArrayList<>();
    expected.add("registered fw-1");
    for (int i = 0; i < 60; i++) {
      switch (i % 4) {
        case 0 -> {
          master.send(offers("o" + i));
          expected.add("offers o" + i);
        }
        case 1 -> {
          master.send(rescind("o" + (i - 1)));
          expected.add("rescinded o" + (i - 1));
        }
        case 2 -> {
          master.send(message("m" + i));
          expected.add("message m" + i);
        }
        default -> {
          master.send(update(status("t" + i, TaskState.TASK_RUNNING, null)));
          expected.add("update t" + i + " TASK_RUNNING");
        }
      }
    }

    eventually().until(() -> scheduler.events.size() == expected.size());
    assertThat(scheduler.events).containsExactlyElementsOf(expected);
    assertThat(scheduler.threads).hasSize(1);
    assertThat(scheduler.threads.iterator().next()).endsWith("-callbacks");
  }

  @Test
  void failuresBecomeAgentLostAndExecutorLost() {
    master.send(
        Event.newBuilder()
            .setType(Event.Type.FAILURE)
            .setFailure(Event.Failure.newBuilder().setAgentId(SchedulerEvents.AGENT))
            .build());
    master.send(
        Event.newBuilder()
            .setType(Event.Type.FAILURE)
            .setFailure(
                Event.Failure.newBuilder()
                    .setAgentId(SchedulerEvents.AGENT)
                    .setExecutorId(ExecutorID.newBuilder().setValue("ex-1"))
                    .setStatus(137))
            .build());

    eventually().until(() -> scheduler.events.size() == 3);
    assertThat(scheduler.events).endsWith("agentLost agent-1", "executorLost ex-1 137");
  }

  @Test
  void anErrorEventReachesTheSchedulerAndAbortsTheDriver() {
    master.send(error("Framework has been removed"));

    eventually().until(() -> driver.status() == Status.DRIVER_ABORTED);
    assertThat(scheduler.events)
        .containsExactly("registered fw-1", "error Framework has been removed");
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    eventually().until(() -> !master.streamOpen());
    eventually()
        .during(Duration.ofMillis(200))
        .until(() -> master.calls(Call.Type.SUBSCRIBE).size() == 1);
    assertThat(driver.declineOffer(SchedulerEvents.offerId("o1"))).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.stop()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(driver.status()).isEqualTo(Status.DRIVER_STOPPED);
  }

  @Test
  void aRefusedSubscriptionIsAnErrorAndAborts() throws Exception {
    FakeMaster refusing =
        FakeMaster.start("fw-2").refuseSubscribe("Invalid FrameworkInfo: no user");
    RecordingScheduler other = new RecordingScheduler();
    V1SchedulerDriver refused =
        V1SchedulerDriver.builder(
                other, V1SchedulerDriverTest.FRAMEWORK, List.of(refusing.address()))
            .build();
    try {
      assertThat(refused.run()).isEqualTo(Status.DRIVER_ABORTED);
      assertThat(other.events).hasSize(1);
      assertThat(other.events.get(0)).contains("400").contains("Invalid FrameworkInfo: no user");
    } finally {
      refusing.close();
    }
  }
}
