package io.talus.driver.examples;

import static io.talus.driver.examples.Messages.FRAMEWORK;
import static io.talus.driver.examples.Messages.MASTER;
import static io.talus.driver.examples.Messages.offer;
import static io.talus.driver.examples.Messages.offerId;
import static io.talus.driver.examples.Messages.offers;
import static io.talus.driver.examples.Messages.status;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FAILED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static io.talus.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleTaskFrameworkTest {

  private final FakeSchedulerDriver driver = new FakeSchedulerDriver();
  private final List<String> heard = new ArrayList<>();
  private final SingleTaskFramework framework = new SingleTaskFramework(
      TaskID.newBuilder().setValue("hello-1a2b").build(), "hello", Resources.parse("cpus:0.5;mem:64"),
      "echo hi", 2, new SingleTaskFramework.Listener() {
        @Override
        public void registered(FrameworkID frameworkId) {
          heard.add("registered " + frameworkId.getValue());
        }

        @Override
        public void launched(TaskInfo task, Offer offer) {
          heard.add("launched " + task.getTaskId().getValue() + " " + offer.getId().getValue());
        }

        @Override
        public void update(TaskStatus status) {
          heard.add(status.getState().name());
        }
      });

  @Test
  void itLaunchesOnceOnTheFirstOfferThatFitsAndDeclinesTheRest() {
    framework.registered(driver, FRAMEWORK, MASTER);
    assertThat(framework.registration()).isCompletedWithValue(FRAMEWORK);

    framework.resourceOffers(driver, offers(
        offer("small", "a1", "cpus:0.25;mem:1024"), offer("big", "a2", "cpus:4;mem:1024"),
        offer("other", "a3", "cpus:4;mem:1024")));
    framework.resourceOffers(driver, offers(offer("later", "a2", "cpus:4;mem:1024")));

    assertThat(driver.launchedIds()).containsExactly("hello-1a2b");
    TaskInfo task = driver.launchedTasks().get(0);
    assertThat(task.getName()).isEqualTo("hello");
    assertThat(task.getAgentId().getValue()).isEqualTo("a2");
    assertThat(task.getCommand().getValue()).isEqualTo("echo hi");
    assertThat(driver.launches.get(0).offerIds()).containsExactly(offerId("big"));
    assertThat(driver.declines).extracting(FakeSchedulerDriver.Decline::offerId)
        .containsExactly(offerId("small"), offerId("other"), offerId("later"));
    assertThat(driver.declines.get(0).filters().getRefuseSeconds()).isEqualTo(2.0);
    assertThat(driver.declines.get(1).filters().getRefuseSeconds()).isEqualTo(3600.0);
    assertThat(driver.calls).contains("suppress");
    assertThat(framework.launched()).contains(task);
  }

  @Test
  void everyUpdateIsHeardAndTheFirstTerminalOneIsTheOutcome() {
    framework.registered(driver, FRAMEWORK, MASTER);
    framework.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));

    framework.statusUpdate(driver, status("hello-1a2b", TASK_RUNNING));
    framework.statusUpdate(driver, status("someone-else", TASK_FAILED));
    assertThat(framework.outcome()).isNotDone();
    framework.statusUpdate(driver, status("hello-1a2b", TASK_FINISHED));
    framework.statusUpdate(driver, status("hello-1a2b", TASK_FAILED));

    assertThat(framework.outcome()).isCompletedWithValue(status("hello-1a2b", TASK_FINISHED));
    assertThat(heard).containsExactly("registered fw-1", "launched hello-1a2b o1", "TASK_RUNNING",
        "TASK_FINISHED");
  }

  @Test
  void theTaskIsReconciledAfterAResubscription() {
    framework.registered(driver, FRAMEWORK, MASTER);
    framework.reregistered(driver, MASTER);
    assertThat(driver.reconciles).isEmpty();

    framework.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    framework.reregistered(driver, MASTER);

    assertThat(driver.reconciles).singleElement().satisfies(s ->
        assertThat(s).extracting(t -> t.getTaskId().getValue()).containsExactly("hello-1a2b"));
  }

  @Test
  void afterStopLaunchingNoOfferIsUsed() {
    framework.registered(driver, FRAMEWORK, MASTER);
    assertThat(framework.stopLaunching()).isEmpty();
    framework.resourceOffers(driver, offers(offer("o1", "a1", "cpus:4;mem:1024")));
    assertThat(driver.launches).isEmpty();
    assertThat(driver.declines).hasSize(1);
  }

  @Test
  void anErrorFailsBothFutures() {
    framework.error(driver, "role 'bad role' is not valid");
    assertThat(framework.registration()).isCompletedExceptionally();
    assertThat(framework.outcome()).isCompletedExceptionally();
  }
}
