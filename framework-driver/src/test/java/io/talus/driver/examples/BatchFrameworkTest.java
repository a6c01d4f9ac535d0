package io.talus.driver.examples;

import static io.talus.driver.examples.Messages.FRAMEWORK;
import static io.talus.driver.examples.Messages.MASTER;
import static io.talus.driver.examples.Messages.offer;
import static io.talus.driver.examples.Messages.offerId;
import static io.talus.driver.examples.Messages.offers;
import static io.talus.driver.examples.Messages.status;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FAILED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_LOST;
import static io.talus.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static io.talus.mesos.v1.Protos.TaskState.TASK_STAGING;
import static io.talus.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batch's bookkeeping, callback by callback: no network, a driver that only records. */
class BatchFrameworkTest {

  private final FakeSchedulerDriver driver = new FakeSchedulerDriver();
  private final FrameworkSettings settings =
      FrameworkSettings.named("batch").withTaskResources("cpus:1;mem:32");

  private BatchFramework batch(int tasks) {
    BatchFramework batch = new BatchFramework(settings, tasks, "echo task-$i; echo ${i}", 3);
    batch.registered(driver, FRAMEWORK, MASTER);
    return batch;
  }

  private void finish(BatchFramework batch, String taskId) {
    batch.statusUpdate(driver, status(taskId, TASK_STARTING));
    batch.statusUpdate(driver, status(taskId, TASK_RUNNING));
    batch.statusUpdate(driver, status(taskId, TASK_FINISHED));
  }

  @Test
  void theCommandTemplateGetsTheTaskIndex() {
    assertThat(BatchFramework.command("echo task-$i; echo ${i} $id $$", 7))
        .isEqualTo("echo task-7; echo 7 $id $$");
  }

  @Test
  void anOfferIsFilledWithAsManyTasksAsFitAndTheRestWaitsForTheNextOffer() {
    BatchFramework batch = batch(3);

    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:2.5;mem:1024")));

    assertThat(driver.launches).hasSize(1);
    FakeSchedulerDriver.Launch launch = driver.launches.get(0);
    assertThat(launch.offerIds()).containsExactly(offerId("o1"));
    assertThat(launch.filters()).isEqualTo(settings.refuseFilter());
    assertThat(driver.launchedIds()).containsExactly("batch-0-1", "batch-1-1");
    TaskInfo first = launch.tasks().get(0);
    assertThat(first.getCommand().getShell()).isTrue();
    assertThat(first.getCommand().getValue()).isEqualTo("echo task-0; echo 0");
    assertThat(first.getAgentId().getValue()).isEqualTo("a1");
    assertThat(Resources.of(first.getResourcesList())).isEqualTo(settings.taskResources());
    assertThat(first.getResourcesList()).allSatisfy(r -> assertThat(r.hasAllocationInfo()).isFalse());

    batch.resourceOffers(driver, offers(offer("o2", "a2", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).containsExactly("batch-0-1", "batch-1-1", "batch-2-1");
    assertThat(driver.launches.get(1).tasks().get(0).getCommand().getValue())
        .isEqualTo("echo task-2; echo 2");
  }

  @Test
  void offersAreDeclinedWithTheRefuseFilterWhenNothingWantsLaunching() {
    BatchFramework batch = batch(1);

    batch.resourceOffers(driver, offers(offer("small", "a1", "cpus:0.5;mem:1024")));
    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    batch.resourceOffers(driver, offers(offer("o2", "a2", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).containsExactly("batch-0-1");
    assertThat(driver.declines).extracting(FakeSchedulerDriver.Decline::offerId)
        .containsExactly(offerId("small"), offerId("o2"));
    assertThat(driver.declines).allSatisfy(d -> assertThat(d.filters()).isEqualTo(settings.refuseFilter()));
  }

  @Test
  void onlyTasksThatDidNotFinishAreLaunchedAgainUnderNewTaskIds() {
    BatchFramework batch = batch(3);
    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));

    finish(batch, "batch-0-1");
    batch.statusUpdate(driver, status("batch-1-1", TASK_FAILED));
    batch.statusUpdate(driver, status("batch-2-1", TASK_LOST));

    assertThat(driver.calls).containsSubsequence("revive", "revive");
    batch.resourceOffers(driver, offers(offer("o2", "a1", "cpus:4;mem:1024")));
    assertThat(driver.launchedIds())
        .containsExactly("batch-0-1", "batch-1-1", "batch-2-1", "batch-1-2", "batch-2-2");
    assertThat(driver.launches.get(1).tasks()).extracting(t -> t.getCommand().getValue())
        .containsExactly("echo task-1; echo 1", "echo task-2; echo 2");

    finish(batch, "batch-1-2");
    assertThat(batch.termination()).isNotDone();
    finish(batch, "batch-2-2");

    assertThat(batch.termination()).isCompleted();
    assertThat(finishedPerIndex(batch)).isEqualTo(Map.of(0, 1L, 1, 1L, 2, 1L));
    assertThat(batch.subscriptions()).containsExactly("fw-1");
  }

  @Test
  void lateAndRepeatedUpdatesOfAnEndedTaskAreNotNews() {
    BatchFramework batch = batch(1);
    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    finish(batch, "batch-0-1");
    int calls = driver.calls.size();

    // A reconciliation answer sent after the acknowledged FINISHED retired the task in the master.
    batch.statusUpdate(driver, status("batch-0-1", TASK_LOST));
    batch.statusUpdate(driver, status("batch-0-1", TASK_FINISHED));
    batch.statusUpdate(driver, status("unknown-task", TASK_FAILED));
    batch.resourceOffers(driver, offers(offer("o2", "a1", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).containsExactly("batch-0-1");
    assertThat(driver.calls.subList(calls, driver.calls.size())).containsExactly("decline");
    assertThat(batch.history()).singleElement().satisfies(a ->
        assertThat(a.states()).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED));
  }

  @Test
  void afterAResubscriptionTheTasksNotSeenToEndAreReconciled() {
    BatchFramework batch = batch(3);
    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    finish(batch, "batch-0-1");
    batch.statusUpdate(driver, status("batch-1-1", TASK_RUNNING));

    batch.disconnected(driver);
    batch.reregistered(driver, MASTER);

    assertThat(driver.reconciles).singleElement().satisfies(statuses -> {
      assertThat(statuses).extracting(s -> s.getTaskId().getValue())
          .containsExactly("batch-1-1", "batch-2-1");
      assertThat(statuses).extracting(TaskStatus::getState).containsExactly(TASK_RUNNING, TASK_STAGING);
      assertThat(statuses).allSatisfy(s -> assertThat(s.getAgentId().getValue()).isEqualTo("a1"));
    });
    assertThat(batch.subscriptions()).containsExactly("fw-1", "fw-1");

    // The old leader never committed batch-2-1: the new one does not know it.
    batch.statusUpdate(driver, status("batch-2-1", TASK_LOST));
    batch.resourceOffers(driver, offers(offer("o2", "a1", "cpus:4;mem:1024")));
    assertThat(driver.launchedIds()).endsWith("batch-2-2");
  }

  @Test
  void theTimerReconcilesOnlyWhileTasksAreLive() {
    BatchFramework batch = batch(1);
    batch.reconcile();
    assertThat(driver.reconciles).isEmpty();

    batch.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    batch.reconcile();
    assertThat(driver.reconciles).hasSize(1);
  }

  @Test
  void aTaskThatUsesUpItsAttemptsFailsTheBatch() {
    BatchFramework batch = batch(1);
    for (int attempt = 1; attempt <= 3; attempt++) {
      batch.resourceOffers(driver, offers(offer("o" + attempt, "a1", "cpus:4;mem:1024")));
      batch.statusUpdate(driver, status("batch-0-" + attempt, TASK_FAILED));
    }
    batch.resourceOffers(driver, offers(offer("o4", "a1", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).containsExactly("batch-0-1", "batch-0-2", "batch-0-3");
    assertThat(batch.termination()).isCompletedExceptionally();
  }

  @Test
  void anErrorFromTheMasterFailsTheBatch() {
    BatchFramework batch = batch(1);
    batch.error(driver, "Framework has been removed");
    assertThat(batch.termination()).failsWithin(Duration.ZERO)
        .withThrowableThat().withMessageContaining("Framework has been removed");
  }

  private static Map<Integer, Long> finishedPerIndex(BatchFramework batch) {
    return batch.history().stream()
        .filter(a -> a.terminal().equals(Optional.of(TaskState.TASK_FINISHED)))
        .collect(Collectors.groupingBy(TaskAttempt::slot, Collectors.counting()));
  }
}
