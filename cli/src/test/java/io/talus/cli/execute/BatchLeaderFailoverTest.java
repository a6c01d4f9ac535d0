package io.talus.cli.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.cli.agent.AgentCluster;
import io.talus.driver.examples.BatchFramework;
import io.talus.driver.examples.TaskAttempt;
import io.talus.master.MasterDaemon;
import io.talus.mesos.v1.Protos.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leading master dies in the middle of a batch: the framework resubscribes to the new leader
 * with the same framework ID, reconciles, and still runs every task exactly once, as its history
 * and the agent's sandboxes both show.
 */
class BatchLeaderFailoverTest {

  @RegisterExtension final AgentCluster cluster = new AgentCluster();

  @Test
  void aBatchSurvivesTheLeadersDeathRunningEveryTaskExactlyOnce() throws Exception {
    int tasks = 20;
    // One cpu a task on a four-cpu agent: four at a time, so the batch spans the failover.
    try (BatchFramework batch = new BatchFramework(
        ExampleFrameworksTest.settings("failover-batch").withTaskResources("cpus:1;mem:32"), tasks,
        FrameworkChecks.BATCH_COMMAND)) {
      batch.start(cluster.masters().endpoints());
      await("five tasks finished").atMost(ExampleFrameworksTest.WAIT).pollInterval(Duration.ofMillis(20))
          .until(() -> finished(batch.history()) >= 5);

      MasterDaemon old = cluster.masters().leader();
      cluster.masters().kill(old);
      int finishedAtKill = finished(batch.history());
      assertThat(cluster.masters().leader()).isNotSameAs(old);

      batch.termination().get(ExampleFrameworksTest.WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(finishedAtKill).as("tasks were left to run after the failover").isLessThan(tasks);
      List<String> subscriptions = batch.subscriptions();
      assertThat(subscriptions).as("resubscribed after the failover").hasSizeGreaterThanOrEqualTo(2);
      assertThat(subscriptions).as("one framework ID throughout").containsOnly(subscriptions.get(0));
      List<TaskAttempt> history = batch.history();
      System.out.println("batch history across the failover: " + history);
      FrameworkChecks.everyTaskFinishedExactlyOnce(history, tasks);
      FrameworkChecks.everyCommandRanExactlyOnce(cluster.agent().workDir(), subscriptions.get(0), history, tasks);
    }
  }

  private static int finished(List<TaskAttempt> history) {
    return (int) history.stream().filter(a -> a.terminal().equals(Optional.of(TaskState.TASK_FINISHED))).count();
  }
}
