package io.talus.cli.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.cli.agent.AgentCluster;
import io.talus.driver.examples.BatchFramework;
import io.talus.driver.examples.FrameworkSettings;
import io.talus.driver.examples.KeepRunningFramework;
import io.talus.driver.examples.TaskAttempt;
import io.talus.mesos.v1.Protos.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example frameworks against three real masters and a real agent, no failure injected. */
class ExampleFrameworksTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final AgentCluster CLUSTER = new AgentCluster();

  static FrameworkSettings settings(String name) {
    return FrameworkSettings.named(name)
        .withFailoverTimeout(Duration.ofMinutes(1))
        .withRefuseOffers(Duration.ofSeconds(1))
        .withReconcileInterval(Duration.ofSeconds(5));
  }

  @Test
  void aBatchRunsEveryTaskToCompletionExactlyOnce() throws Exception {
    int tasks = 20;
    try (BatchFramework batch = new BatchFramework(settings("batch"), tasks, FrameworkChecks.BATCH_COMMAND)) {
      batch.start(CLUSTER.masters().endpoints());
      batch.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      List<TaskAttempt> history = batch.history();
      FrameworkChecks.everyTaskFinishedExactlyOnce(history, tasks);
      assertThat(history).as("no task needed a second launch").hasSize(tasks);
      assertThat(batch.subscriptions()).hasSize(1);
      FrameworkChecks.everyCommandRanExactlyOnce(CLUSTER.agent().workDir(), batch.frameworkId().orElseThrow(),
          history, tasks);
    }
  }

  @Test
  void keepRunningReplacesAnInstanceWhoseProcessIsKilled() {
    try (KeepRunningFramework framework = new KeepRunningFramework(settings("keep"), 2, "sleep 1000")) {
      framework.start(CLUSTER.masters().endpoints());
      await("two instances running").atMost(WAIT).pollInterval(Duration.ofMillis(100))
          .until(() -> framework.running().size() == 2);
      List<String> first = framework.running();
      String victim = first.get(0);
      Path sandbox = CLUSTER.agent().sandbox(framework.frameworkId().orElseThrow(), victim);
      List<Long> pids = await("the sleep of " + victim).atMost(WAIT).pollInterval(Duration.ofMillis(100))
          .until(() -> Sandboxes.processes(sandbox, List.of("sleep", "1000")), p -> p.size() == 1);

      ProcessHandle.of(pids.get(0)).ifPresent(ProcessHandle::destroyForcibly);

      await("a replacement running").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
          framework.running().size() == 2 && !framework.running().contains(victim));
      TaskAttempt killed = framework.history().stream().filter(a -> a.taskId().equals(victim)).findFirst()
          .orElseThrow();
      assertThat(killed.terminal()).contains(TaskState.TASK_FAILED);
      assertThat(framework.running()).contains(first.get(1)).hasSize(2);
      String replacement = framework.running().stream().filter(id -> !first.contains(id)).findFirst().orElseThrow();
      assertThat(framework.history()).filteredOn(a -> a.taskId().equals(replacement))
          .singleElement().satisfies(a -> assertThat(a.slot()).isEqualTo(killed.slot()));
      assertThat(framework.history()).as("no instance but the killed one ended")
          .filteredOn(a -> a.terminal().isPresent()).extracting(TaskAttempt::taskId).containsExactly(victim);
      assertThat(framework.subscriptions()).hasSize(1);
    }
  }
}
