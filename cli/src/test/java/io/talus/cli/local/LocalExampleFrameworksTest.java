package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.cli.execute.FrameworkChecks;
import io.talus.driver.examples.BatchFramework;
import io.talus.driver.examples.FrameworkSettings;
import io.talus.driver.examples.KeepRunningFramework;
import io.talus.driver.examples.TaskAttempt;
import io.talus.mesos.v1.Protos.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example frameworks against a {@code talus local} cluster: the batch framework while the
 * leading master is {@code kill -9}'d mid-run (every task still runs exactly once, under one
 * framework ID), and the keep-running framework replacing an instance that dies.
 */
class LocalExampleFrameworksTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void theBatchFrameworkCompletesEveryTaskOnceWhenTheLeaderIsKilled() throws Exception {
    int tasks = 16;
    try (LocalClusterProcess local = LocalClusterProcess.startReady(3, 1)) {
      JsonNode cluster = local.clusterJson();
      List<String> masters = new ArrayList<>();
      cluster.get("masters").forEach(m -> masters.add(m.get("http").asText()));
      FrameworkSettings settings = FrameworkSettings.named("local-batch").withFailoverTimeout(Duration.ofMinutes(1))
          .withRefuseOffers(Duration.ofSeconds(1)).withReconcileInterval(Duration.ofSeconds(5))
          .withTaskResources("cpus:1;mem:32");
      try (BatchFramework batch = new BatchFramework(settings, tasks, FrameworkChecks.BATCH_COMMAND)) {
        batch.start(masters);
        await("four tasks finished").atMost(WAIT).pollInterval(Duration.ofMillis(20))
            .until(() -> finished(batch.history()) >= 4);

        String leader = local.leader();
        long pid = -1;
        for (JsonNode m : cluster.get("masters")) {
          if (m.get("http").asText().equals(leader)) {
            pid = m.get("pid").asLong();
          }
        }
        assertThat(pid).as("the leader's pid in cluster.json").isPositive();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor()).isZero();
        int finishedAtKill = finished(batch.history());

        batch.termination().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(finishedAtKill).as("tasks were left to run after the failover").isLessThan(tasks);
        List<String> subscriptions = batch.subscriptions();
        assertThat(subscriptions).as("resubscribed after the leader died").hasSizeGreaterThanOrEqualTo(2);
        assertThat(subscriptions).as("one framework ID throughout").containsOnly(subscriptions.get(0));
        FrameworkChecks.everyTaskFinishedExactlyOnce(batch.history(), tasks);
        Path agentWorkDir = local.dir().resolve(cluster.get("agents").get(0).get("name").asText()).resolve("work");
        FrameworkChecks.everyCommandRanExactlyOnce(agentWorkDir, subscriptions.get(0), batch.history(), tasks);
      }
      assertThat(local.terminate(Duration.ofSeconds(60))).isZero();
      await("no process under " + local.dir()).atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(local.processesUnderDir()).isEmpty());
    }
  }

  @Test
  void theKeepRunningFrameworkReplacesAnInstanceThatDies() throws Exception {
    try (LocalClusterProcess local = LocalClusterProcess.startReady(3, 1)) {
      List<String> masters = new ArrayList<>();
      local.clusterJson().get("masters").forEach(m -> masters.add(m.get("http").asText()));
      FrameworkSettings settings = FrameworkSettings.named("local-keep").withFailoverTimeout(Duration.ofMinutes(1))
          .withRefuseOffers(Duration.ofSeconds(1)).withReconcileInterval(Duration.ofSeconds(5));
      try (KeepRunningFramework keep = new KeepRunningFramework(settings, 2, "sleep 1000")) {
        keep.start(masters);
        await("two instances running").atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .until(() -> keep.running().size() == 2 && sleeps(local).size() == 2);
        List<String> first = keep.running();
        ProcTable.Proc victim = sleeps(local).get(0);
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start().waitFor()).isZero();

        await("a replacement running").atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .until(() -> keep.running().size() == 2 && !keep.running().containsAll(first) && sleeps(local).size() == 2);
        assertThat(keep.subscriptions()).containsOnly(keep.subscriptions().get(0));
      }
      assertThat(local.terminate(Duration.ofSeconds(60))).isZero();
    }
  }

  private static List<ProcTable.Proc> sleeps(LocalClusterProcess local) {
    return ProcTable.all().stream()
        .filter(p -> p.live() && p.under(local.dir()) && p.argv().equals(List.of("sleep", "1000"))).toList();
  }

  private static int finished(List<TaskAttempt> history) {
    return (int) history.stream().filter(a -> a.terminal().equals(Optional.of(TaskState.TASK_FINISHED))).count();
  }
}
