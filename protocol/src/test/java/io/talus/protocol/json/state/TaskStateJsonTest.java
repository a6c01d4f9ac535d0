package io.talus.protocol.json.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ContainerInfo;
import io.talus.mesos.v1.Protos.ContainerStatus;
import io.talus.mesos.v1.Protos.DiscoveryInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.HealthCheck;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.ResourceParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStateJsonTest {

  private static final FrameworkID F1 = FrameworkID.newBuilder().setValue("F1").build();
  private static final ExecutorID E1 = ExecutorID.newBuilder().setValue("E1").build();
  private static final AgentID A1 = AgentID.newBuilder().setValue("A1").build();
  private static final Labels TIER =
      Labels.newBuilder().addLabels(Label.newBuilder().setKey("tier").setValue("web")).build();

  private static TaskInfo.Builder info(String role) {
    TaskInfo.Builder info =
        TaskInfo.newBuilder()
            .setName("task t1")
            .setTaskId(TaskID.newBuilder().setValue("t1"))
            .setAgentId(A1);
    for (Resource r : ResourceParser.parseResources("cpus:1;mem:128")) {
      info.addResources(
          role == null
              ? r
              : r.toBuilder()
                  .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                  .build());
    }
    return info;
  }

  private static TaskStatus status(TaskState state, double timestamp) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t1"))
        .setState(state)
        .setTimestamp(timestamp)
        .build();
  }

  @Test
  void aPlainTaskHasMesosKeysInMesosOrder() {
    JsonNode task =
        TaskStateJson.task(
            info(null).build(),
            F1,
            ExecutorID.getDefaultInstance(),
            A1,
            TaskState.TASK_STAGING,
            List.of(status(TaskState.TASK_STAGING, 1_001.0)));

    assertThat(task.toString())
        .isEqualTo(
            "{\"id\":\"t1\",\"name\":\"task t1\",\"framework_id\":\"F1\",\"executor_id\":\"\","
                + "\"slave_id\":\"A1\",\"state\":\"TASK_STAGING\","
                + "\"resources\":{\"cpus\":1.0,\"mem\":128.0,\"disk\":0.0,\"gpus\":0.0},"
                + "\"statuses\":[{\"state\":\"TASK_STAGING\",\"timestamp\":1001.0}]}");
  }

  @Test
  void everyOptionalPartIsWrittenWhenSet() {
    TaskInfo info =
        info("web")
            .setCommand(CommandInfo.newBuilder().setValue("sleep 1").setUser("nobody"))
            .setLabels(TIER)
            .setDiscovery(
                DiscoveryInfo.newBuilder()
                    .setVisibility(DiscoveryInfo.Visibility.FRAMEWORK)
                    .setName("d"))
            .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS))
            .setHealthCheck(HealthCheck.newBuilder().setDelaySeconds(3))
            .build();

    JsonNode task =
        TaskStateJson.task(
            info,
            F1,
            E1,
            A1,
            TaskState.TASK_RUNNING,
            List.of(
                status(TaskState.TASK_STAGING, 1_001.0), status(TaskState.TASK_RUNNING, 1_002.0)));

    // Keys in Mesos's order; a health check prints its defaults, as stout prints them.
    assertThat(task.toString())
        .isEqualTo(
            "{\"id\":\"t1\",\"name\":\"task t1\",\"framework_id\":\"F1\",\"executor_id\":\"E1\","
                + "\"slave_id\":\"A1\",\"state\":\"TASK_RUNNING\","
                + "\"resources\":{\"cpus\":1.0,\"mem\":128.0,\"disk\":0.0,\"gpus\":0.0},"
                + "\"role\":\"web\","
                + "\"statuses\":[{\"state\":\"TASK_STAGING\",\"timestamp\":1001.0},"
                + "{\"state\":\"TASK_RUNNING\",\"timestamp\":1002.0}],"
                + "\"user\":\"nobody\",\"labels\":[{\"key\":\"tier\",\"value\":\"web\"}],"
                + "\"discovery\":{\"visibility\":\"FRAMEWORK\",\"name\":\"d\"},"
                + "\"container\":{\"type\":\"MESOS\"},"
                + "\"health_check\":{\"delay_seconds\":3.0,\"interval_seconds\":10.0,"
                + "\"timeout_seconds\":20.0,\"consecutive_failures\":3,"
                + "\"grace_period_seconds\":10.0}}");
  }

  @Test
  void aStatusWritesWhatIsSetOfLabelsContainerStatusAndHealth() {
    TaskStatus full =
        status(TaskState.TASK_RUNNING, 1_700_000_040.25).toBuilder()
            .setLabels(TIER)
            .setContainerStatus(ContainerStatus.newBuilder().setExecutorPid(7))
            .setHealthy(true)
            .setMessage("not written")
            .build();

    assertThat(TaskStateJson.status(full).toString())
        .isEqualTo(
            "{\"state\":\"TASK_RUNNING\",\"timestamp\":1.70000004025E9,"
                + "\"labels\":[{\"key\":\"tier\",\"value\":\"web\"}],"
                + "\"container_status\":{\"executor_pid\":7},\"healthy\":true}");
    assertThat(TaskStateJson.status(status(TaskState.TASK_FAILED, 2.0)).toString())
        .isEqualTo("{\"state\":\"TASK_FAILED\",\"timestamp\":2.0}");
  }
}
