package io.talus.master.state;

import static io.talus.master.state.Views.A1;
import static io.talus.master.state.Views.F1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.registry.FrameworkRecord;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {

  @Test
  void everyMetricOfTheExampleCluster() {
    SortedMap<String, Number> m = MetricsSnapshot.render(Views.cluster());

    Map<String, Number> expected = new TreeMap<>();
    expected.put("master/elected", 1.0);
    expected.put("master/uptime_secs", 90.0);
    // Only a1 (ACTIVE) counts: cpus:12 unreserved + cpus(analytics):4; its tasks use cpus:3;
    // mem:384. The offer (cpus:4;mem:1024) is not use.
    expected.put("master/cpus_total", 16.0);
    expected.put("master/cpus_used", 3.0);
    expected.put("master/cpus_percent", 0.1875);
    expected.put("master/mem_total", 65536.0);
    expected.put("master/mem_used", 384.0);
    expected.put("master/mem_percent", 384.0 / 65536.0);
    expected.put("master/disk_total", 500000.0);
    expected.put("master/disk_used", 0.0);
    expected.put("master/disk_percent", 0.0);
    expected.put("master/gpus_total", 0.0);
    expected.put("master/gpus_used", 0.0);
    expected.put("master/gpus_percent", 0.0);
    expected.put("master/slaves_active", 1.0);
    expected.put("master/slaves_inactive", 0.0);
    expected.put("master/slaves_connected", 1.0);
    expected.put("master/slaves_disconnected", 0.0);
    expected.put("master/slaves_unreachable", 1.0);
    expected.put("master/frameworks_active", 1.0);
    expected.put("master/frameworks_inactive", 0.0);
    expected.put("master/frameworks_connected", 1.0);
    expected.put("master/frameworks_disconnected", 0.0);
    expected.put("master/outstanding_offers", 1.0);
    expected.put("master/tasks_staging", 1.0);
    expected.put("master/tasks_starting", 0.0);
    expected.put("master/tasks_running", 1.0);
    expected.put("master/tasks_killing", 0.0);
    expected.put("master/tasks_finished", 1.0);
    expected.put("master/tasks_failed", 1.0);
    expected.put("master/tasks_killed", 0.0);
    expected.put("master/tasks_lost", 0.0);
    expected.put("master/tasks_error", 0.0);
    expected.put("master/tasks_unreachable", 0.0);
    expected.put("master/tasks_dropped", 0.0);
    expected.put("master/tasks_gone", 0.0);
    expected.put("master/tasks_gone_by_operator", 0.0);
    expected.put("master/dropped_messages", 7.0);
    expected.put("master/event_queue_messages", 3.0);
    expected.put("talus/raft_term", 4L);
    expected.put("talus/raft_commit_index", 120L);
    expected.put("talus/raft_applied_index", 118L);

    assertThat(m).isEqualTo(expected);
  }

  @Test
  void frameworksWithoutASubscriptionAreInactiveAndDisconnected() {
    SortedMap<String, Number> m =
        MetricsSnapshot.render(
            Views.withFrameworks(
                List.of(
                    Views.f1(false),
                    Views.f1(FrameworkRecord.State.DISCONNECTED, false),
                    Views.f2Removed())));

    assertThat(m.get("master/frameworks_active")).isEqualTo(0.0);
    assertThat(m.get("master/frameworks_inactive")).isEqualTo(2.0);
    assertThat(m.get("master/frameworks_connected")).isEqualTo(0.0);
    assertThat(m.get("master/frameworks_disconnected")).isEqualTo(2.0);
  }

  @Test
  void aDisconnectedAgentStaysActiveAndAFollowerIsNotElected() {
    MasterView view = Views.cluster();
    AgentView a1 = Views.a1();
    MasterView follower =
        new MasterView(view.self(), view.leader(), false, view.startTimeNanos(),
            view.electedTimeNanos(), view.clusterId(), view.raft(),
            List.of(new AgentView(a1.record(), false, a1.used(), a1.offered()), Views.a2()),
            view.frameworks(), view.completedTasks(), view.flags(), 0, 0, view.nowNanos());

    SortedMap<String, Number> m = MetricsSnapshot.render(follower);

    assertThat(m.get("master/elected")).isEqualTo(0.0);
    assertThat(m.get("master/slaves_active")).isEqualTo(1.0);
    assertThat(m.get("master/slaves_connected")).isEqualTo(0.0);
    assertThat(m.get("master/slaves_disconnected")).isEqualTo(1.0);
    assertThat(m.get("master/cpus_total")).isEqualTo(16.0);
  }

  @Test
  void aTaskBothInTheRegistryAndCompletedCountsOnce() {
    MasterView view = Views.cluster();
    List<io.talus.protocol.registry.TaskRecord> completed =
        List.of(Views.task(F1, "t1", A1, TaskState.TASK_RUNNING, "cpus:1;mem:128", "web"));
    MasterView overlapping =
        new MasterView(view.self(), view.leader(), view.elected(), view.startTimeNanos(),
            view.electedTimeNanos(), view.clusterId(), view.raft(), view.agents(),
            view.frameworks(), completed, view.flags(), 0, 0, view.nowNanos());

    SortedMap<String, Number> m = MetricsSnapshot.render(overlapping);

    assertThat(m.get("master/tasks_running")).isEqualTo(1.0);
    assertThat(m.get("master/tasks_finished")).isEqualTo(0.0);
  }

  @Test
  void jsonFormWritesMesosMetricsAsDoublesAndRaftProgressAsIntegers() {
    ObjectNode json = MetricsSnapshot.renderJson(Views.cluster());

    assertThat(json.get("master/elected").toString()).isEqualTo("1.0");
    assertThat(json.get("master/cpus_percent").toString()).isEqualTo("0.1875");
    assertThat(json.get("talus/raft_commit_index").toString()).isEqualTo("120");
    assertThat(json.size()).isEqualTo(MetricsSnapshot.render(Views.cluster()).size());
  }
}
