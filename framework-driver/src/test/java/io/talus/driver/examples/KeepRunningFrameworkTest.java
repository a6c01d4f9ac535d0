package io.talus.driver.examples;

import static io.talus.driver.examples.Messages.FRAMEWORK;
import static io.talus.driver.examples.Messages.MASTER;
import static io.talus.driver.examples.Messages.offer;
import static io.talus.driver.examples.Messages.offers;
import static io.talus.driver.examples.Messages.status;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FAILED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_KILLED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeepRunningFrameworkTest {

  private final FakeSchedulerDriver driver = new FakeSchedulerDriver();
  private final KeepRunningFramework framework = new KeepRunningFramework(
      FrameworkSettings.named("keep").withTaskResources("cpus:1;mem:64"), 2, "sleep 1000");

  @Test
  void itLaunchesUntilKRunAndReplacesEveryOneThatEnds() {
    framework.registered(driver, FRAMEWORK, MASTER);
    framework.resourceOffers(driver, offers(offer("o1", "a1", "cpus:1.5;mem:1024")));
    framework.resourceOffers(driver, offers(offer("o2", "a2", "cpus:1.5;mem:1024")));
    assertThat(driver.launchedIds()).containsExactly("keep-0-1", "keep-1-1");
    assertThat(driver.launchedTasks()).allSatisfy(t ->
        assertThat(t.getCommand().getValue()).isEqualTo("sleep 1000"));

    framework.statusUpdate(driver, status("keep-0-1", TASK_RUNNING));
    framework.statusUpdate(driver, status("keep-1-1", TASK_RUNNING));
    assertThat(framework.running()).containsExactly("keep-0-1", "keep-1-1");
    framework.resourceOffers(driver, offers(offer("o3", "a1", "cpus:4;mem:1024")));
    assertThat(driver.declines).hasSize(1);

    framework.statusUpdate(driver, status("keep-1-1", TASK_FAILED));
    assertThat(framework.running()).containsExactly("keep-0-1");
    assertThat(driver.calls).endsWith("revive");
    framework.resourceOffers(driver, offers(offer("o4", "a1", "cpus:4;mem:1024")));
    assertThat(driver.launchedIds()).containsExactly("keep-0-1", "keep-1-1", "keep-1-2");

    framework.statusUpdate(driver, status("keep-1-2", TASK_RUNNING));
    framework.statusUpdate(driver, status("keep-0-1", TASK_KILLED));
    framework.statusUpdate(driver, status("keep-0-1", TASK_FINISHED));
    framework.resourceOffers(driver, offers(offer("o5", "a1", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).endsWith("keep-1-2", "keep-0-2");
    assertThat(framework.history()).extracting(TaskAttempt::taskId)
        .containsExactly("keep-0-1", "keep-1-1", "keep-1-2", "keep-0-2");
    assertThat(framework.history().get(0).states()).containsExactly(TASK_RUNNING, TASK_KILLED);
    assertThat(framework.termination()).isNotDone();
  }

  @Test
  void itReconcilesAfterAResubscription() {
    framework.registered(driver, FRAMEWORK, MASTER);
    framework.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    framework.statusUpdate(driver, status("keep-0-1", TASK_RUNNING));

    framework.reregistered(driver, MASTER);

    assertThat(driver.reconciles).singleElement().satisfies(s ->
        assertThat(s).extracting(t -> t.getTaskId().getValue()).containsExactly("keep-0-1", "keep-1-1"));
  }
}
