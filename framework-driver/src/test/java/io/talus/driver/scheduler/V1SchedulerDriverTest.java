package io.talus.driver.scheduler;

import static io.talus.driver.Eventually.eventually;
import static io.talus.driver.scheduler.SchedulerEvents.offerId;
import static io.talus.driver.scheduler.SchedulerEvents.offers;
import static io.talus.driver.scheduler.SchedulerEvents.status;
import static io.talus.driver.scheduler.SchedulerEvents.task;
import static io.talus.driver.scheduler.SchedulerEvents.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.driver.Status;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class V1SchedulerDriverTest {

  static final FrameworkInfo FRAMEWORK =
      FrameworkInfo.newBuilder().setUser("root").setName("test-framework").build();

  private final RecordingScheduler scheduler = new RecordingScheduler();
  private FakeMaster master;
  private V1SchedulerDriver driver;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.abort();
    }
    if (master != null) {
      master.close();
    }
  }

  private V1SchedulerDriver startDriver(boolean implicitAcknowledgements) throws Exception {
    master = FakeMaster.start("fw-1");
    driver =
        V1SchedulerDriver.builder(scheduler, FRAMEWORK, List.of(master.address()))
            .implicitAcknowledgements(implicitAcknowledgements)
            .build();
    assertThat(driver.start()).isEqualTo(Status.DRIVER_RUNNING);
    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    return driver;
  }

  @Test
  void subscribesThenLaunchesOnAnOfferAndAcknowledgesTheUpdate() throws Exception {
    startDriver(true);
    Call subscribe = master.calls(Call.Type.SUBSCRIBE).get(0);
    assertThat(subscribe.hasFrameworkId()).isFalse();
    assertThat(subscribe.getSubscribe().getFrameworkInfo()).isEqualTo(FRAMEWORK);
    assertThat(driver.frameworkId().getValue()).isEqualTo("fw-1");

    scheduler.onOffers =
        (d, offers) -> d.launchTasks(List.of(offers.get(0).getId()), List.of(task("t1")));
    master.send(offers("o1"));

    eventually().until(() -> master.received(Call.Type.ACCEPT).size() == 1);
    FakeMaster.Received accept = master.received(Call.Type.ACCEPT).get(0);
    assertThat(accept.streamId()).isEqualTo(master.streamId());
    assertThat(accept.call().getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(accept.call().getAccept().getOfferIdsList()).containsExactly(offerId("o1"));
    assertThat(accept.call().getAccept().getOperations(0).getLaunch().getTaskInfosList())
        .containsExactly(task("t1"));

    byte[] uuid = new byte[16];
    uuid[0] = 7;
    master.send(update(status("t1", TaskState.TASK_RUNNING, uuid)));

    eventually().until(() -> master.calls(Call.Type.ACKNOWLEDGE).size() == 1);
    Call.Acknowledge ack = master.calls(Call.Type.ACKNOWLEDGE).get(0).getAcknowledge();
    assertThat(ack.getUuid().toByteArray()).isEqualTo(uuid);
    assertThat(ack.getTaskId().getValue()).isEqualTo("t1");
    assertThat(ack.getAgentId()).isEqualTo(SchedulerEvents.AGENT);
    assertThat(master.received(Call.Type.ACKNOWLEDGE).get(0).streamId())
        .isEqualTo(master.streamId());
    assertThat(scheduler.events)
        .containsExactly("registered fw-1", "offers o1", "update t1 TASK_RUNNING");
  }

  @Test
  void anImplicitAcknowledgementWaitsForTheCallbackToReturn() throws Exception {
    startDriver(true);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.onUpdate = (d, s) -> awaitQuietly(release);

    master.send(update(status("t1", TaskState.TASK_RUNNING, new byte[16])));
    eventually().until(() -> scheduler.updates.size() == 1);
    eventually()
        .during(Duration.ofMillis(200))
        .until(() -> master.calls(Call.Type.ACKNOWLEDGE).isEmpty());

    release.countDown();
    eventually().until(() -> master.calls(Call.Type.ACKNOWLEDGE).size() == 1);
  }

  @Test
  void updatesWithoutAUuidAreNotAcknowledged() throws Exception {
    startDriver(true);
    master.send(update(status("t1", TaskState.TASK_LOST, null)));
    master.send(update(status("t2", TaskState.TASK_RUNNING, new byte[16])));

    eventually().until(() -> master.calls(Call.Type.ACKNOWLEDGE).size() == 1);
    assertThat(master.calls(Call.Type.ACKNOWLEDGE).get(0).getAcknowledge().getTaskId().getValue())
        .isEqualTo("t2");
  }

  @Test
  void withExplicitAcknowledgementsTheFrameworkAcknowledges() throws Exception {
    startDriver(false);
    TaskStatus running = status("t1", TaskState.TASK_RUNNING, new byte[16]);
    master.send(update(running));
    eventually().until(() -> scheduler.updates.size() == 1);
    eventually()
        .during(Duration.ofMillis(150))
        .until(() -> master.calls(Call.Type.ACKNOWLEDGE).isEmpty());

    assertThat(driver.acknowledgeStatusUpdate(scheduler.updates.get(0)))
        .isEqualTo(Status.DRIVER_RUNNING);

    eventually().until(() -> master.calls(Call.Type.ACKNOWLEDGE).size() == 1);
    assertThat(master.calls(Call.Type.ACKNOWLEDGE).get(0).getAcknowledge().getUuid())
        .isEqualTo(running.getUuid());
  }

  @Test
  void anImplicitlyAcknowledgingDriverRefusesExplicitAcknowledgements() throws Exception {
    startDriver(true);
    assertThatThrownBy(
            () ->
                driver.acknowledgeStatusUpdate(status("t1", TaskState.TASK_RUNNING, new byte[16])))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyCallCarriesTheFrameworkIdAndStreamId() throws Exception {
    startDriver(true);
    driver.declineOffer(offerId("o1"));
    driver.killTask(task("t1").getTaskId());
    driver.reviveOffers();
    driver.suppressOffers(List.of("web"));
    driver.reconcileTasks(List.of());
    driver.sendFrameworkMessage(
        io.talus.mesos.v1.Protos.ExecutorID.newBuilder().setValue("ex-1").build(),
        SchedulerEvents.AGENT,
        new byte[] {1, 2});
    driver.requestResources(List.of());

    List<Call.Type> expected =
        List.of(
            Call.Type.DECLINE,
            Call.Type.KILL,
            Call.Type.REVIVE,
            Call.Type.SUPPRESS,
            Call.Type.RECONCILE,
            Call.Type.MESSAGE,
            Call.Type.REQUEST);
    eventually().until(() -> master.received().size() == 1 + expected.size());
    List<FakeMaster.Received> calls = master.received().subList(1, 1 + expected.size());
    // One sender thread: the master sees calls in the order they were made.
    assertThat(calls).extracting(r -> r.call().getType()).isEqualTo(expected);
    assertThat(calls)
        .allSatisfy(
            r -> {
              assertThat(r.streamId()).isEqualTo(master.streamId());
              assertThat(r.call().getFrameworkId().getValue()).isEqualTo("fw-1");
            });
  }

  @Test
  void callsFromManyThreadsAllArrive() throws Exception {
    startDriver(true);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 25; i++) {
                  driver.declineOffer(offerId("o-" + thread + "-" + i));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    eventually().until(() -> master.calls(Call.Type.DECLINE).size() == 200);
    assertThat(master.calls(Call.Type.DECLINE))
        .extracting(c -> c.getDecline().getOfferIds(0).getValue())
        .doesNotHaveDuplicates();
  }

  @Test
  void stopWithoutFailoverTearsTheFrameworkDown() throws Exception {
    startDriver(true);

    assertThat(driver.stop()).isEqualTo(Status.DRIVER_STOPPED);

    assertThat(master.received(Call.Type.TEARDOWN)).hasSize(1);
    assertThat(master.received(Call.Type.TEARDOWN).get(0).streamId()).isEqualTo(master.streamId());
    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);
    eventually().until(() -> !master.streamOpen());
    assertThat(driver.declineOffer(offerId("o1"))).isEqualTo(Status.DRIVER_STOPPED);
  }

  @Test
  void stopWithFailoverOnlyClosesTheStream() throws Exception {
    startDriver(true);

    assertThat(driver.stop(true)).isEqualTo(Status.DRIVER_STOPPED);

    eventually().until(() -> !master.streamOpen());
    assertThat(master.calls(Call.Type.TEARDOWN)).isEmpty();
    assertThat(scheduler.events).doesNotContain("disconnected");
  }

  @Test
  void beforeStartEveryCallSaysNotStarted() throws Exception {
    master = FakeMaster.start("fw-1");
    driver = V1SchedulerDriver.builder(scheduler, FRAMEWORK, List.of(master.address())).build();

    assertThat(driver.status()).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(driver.declineOffer(offerId("o1"))).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(driver.join()).isEqualTo(Status.DRIVER_NOT_STARTED);
    assertThat(master.received()).isEmpty();
  }

  @Test
  void launchingWhileDisconnectedReportsTheTasksLost() throws Exception {
    master = FakeMaster.start("fw-1").unavailable(true);
    driver = V1SchedulerDriver.builder(scheduler, FRAMEWORK, List.of(master.address())).build();
    driver.start();

    driver.launchTasks(List.of(offerId("o1")), List.of(task("t1"), task("t2")));

    eventually().until(() -> scheduler.updates.size() == 2);
    assertThat(scheduler.updates)
        .allSatisfy(
            s -> {
              assertThat(s.getState()).isEqualTo(TaskState.TASK_LOST);
              assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_MASTER_DISCONNECTED);
              assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
            });
    assertThat(master.calls(Call.Type.ACCEPT)).isEmpty();
  }

  @Test
  void aCallbackThatThrowsAbortsTheDriver() throws Exception {
    startDriver(true);
    scheduler.onOffers =
        (d, o) -> {
          throw new IllegalStateException("bug in the framework");
        };

    master.send(offers("o1"));

    eventually().until(() -> driver.status() == Status.DRIVER_ABORTED);
    eventually().until(() -> !master.streamOpen());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
