package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.talus.agent.state.AgentView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentMetricsJsonTest {

  @Test
  void countsFollowTheView() {
    Map<String, Double> m = AgentMetricsJson.values(SampleViews.agent(), 1_010.5);

    assertThat(m).containsEntry("slave/uptime_secs", 10.0)
        .containsEntry("slave/registered", 1.0)
        .containsEntry("slave/frameworks_active", 1.0)
        .containsEntry("slave/executors_running", 2.0)
        .containsEntry("slave/tasks_staging", 1.0)
        .containsEntry("slave/tasks_starting", 1.0)
        .containsEntry("slave/tasks_running", 1.0)
        .containsEntry("slave/tasks_killing", 1.0)
        .containsEntry("slave/tasks_finished", 3.0)
        .containsEntry("slave/tasks_failed", 1.0)
        .containsEntry("slave/tasks_killed", 2.0)
        .containsEntry("slave/tasks_lost", 4.0)
        .containsEntry("slave/valid_status_updates", 10.0)
        .containsEntry("slave/invalid_status_updates", 1.0)
        .containsEntry("slave/valid_framework_messages", 5.0)
        .containsEntry("slave/invalid_framework_messages", 2.0)
        .containsEntry("slave/executors_terminated", 6.0)
        .containsEntry("slave/recovery_errors", 7.0);
  }

  @Test
  void resourcesAreTotalUsedAndTheirRatio() {
    Map<String, Double> m = AgentMetricsJson.values(SampleViews.agent(), 1_010.5);

    assertThat(m).containsEntry("slave/cpus_total", 6.0)
        .containsEntry("slave/mem_total", 8192.0)
        .containsEntry("slave/disk_total", 10000.0)
        .containsEntry("slave/gpus_total", 0.0)
        // The live executors' own resources plus their live and queued tasks'.
        .containsEntry("slave/cpus_used", 2.7)
        .containsEntry("slave/mem_used", 384.0)
        .containsEntry("slave/disk_used", 10.0)
        .containsEntry("slave/gpus_used", 0.0)
        .containsEntry("slave/gpus_percent", 0.0);
    assertThat(m.get("slave/cpus_percent")).isCloseTo(0.45, within(1e-9));
    assertThat(m.get("slave/mem_percent")).isCloseTo(384.0 / 8192.0, within(1e-9));
  }

  @Test
  void anIdleUnregisteredAgentReportsZeros() {
    AgentView busy = SampleViews.agent(Optional.empty(), false, false);
    AgentView idle = new AgentView(busy.id(), busy.hostname(), busy.ip(), busy.port(),
        busy.version(), busy.startTimeSeconds(), List.of(), List.of(), Optional.empty(), false,
        false, "", "/work", Map.of(), List.of(), List.of(), AgentView.Counters.ZERO);

    Map<String, Double> m = AgentMetricsJson.values(idle, 0.0);

    assertThat(m.get("slave/uptime_secs")).isEqualTo(0.0);
    assertThat(m.get("slave/registered")).isEqualTo(0.0);
    assertThat(m.get("slave/cpus_percent")).isEqualTo(0.0);
    assertThat(m.values()).allMatch(v -> v == 0.0);
  }

  @Test
  void theJsonIsOneFlatObjectOfDoublesInNameOrder() {
    var json = AgentMetricsJson.render(SampleViews.agent(), 1_010.5);

    assertThat(json.size()).isEqualTo(AgentMetricsJson.values(SampleViews.agent(), 0).size());
    json.fields().forEachRemaining(e -> {
      assertThat(e.getKey()).startsWith("slave/");
      assertThat(e.getValue().isDouble()).as(e.getKey()).isTrue();
    });
    assertThat(json.toString()).startsWith("{\"slave/cpus_percent\":");
  }
}
