package io.talus.protocol.json.state;

import static io.talus.protocol.json.state.StateJsonFields.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.List;

/**
 * Mesos's task JSON ({@code json(JSON::ObjectWriter*, const Task&)} and {@code const
 * TaskStatus&}, {@code src/common/http.cpp}), which the master and the agent write alike. Where
 * a task runs and which statuses it shows are the caller's: the master knows only a task's
 * latest status, the agent all of them.
 */
public final class TaskStateJson {

  private TaskStateJson() {}

  /**
   * @param executorId the executor running it; an empty id is written as {@code ""}
   * @param state its latest state
   * @param statuses the statuses to show, oldest first
   */
  public static ObjectNode task(
      TaskInfo info,
      FrameworkID frameworkId,
      ExecutorID executorId,
      AgentID agentId,
      TaskState state,
      List<TaskStatus> statuses) {
    ObjectNode node = NODES.objectNode();
    node.put("id", info.getTaskId().getValue());
    node.put("name", info.getName());
    node.put("framework_id", frameworkId.getValue());
    node.put("executor_id", executorId.getValue());
    node.put("slave_id", agentId.getValue());
    node.put("state", state.name());
    node.set("resources", StateJsonFields.resources(info.getResourcesList()));
    for (Resource r : info.getResourcesList()) {
      if (r.hasAllocationInfo()) {
        // Mesos: a task's resources are all allocated to one role (MESOS-6636).
        node.put("role", r.getAllocationInfo().getRole());
        break;
      }
    }
    ArrayNode array = node.putArray("statuses");
    statuses.forEach(s -> array.add(status(s)));
    if (info.hasCommand() && info.getCommand().hasUser()) {
      node.put("user", info.getCommand().getUser());
    }
    if (info.hasLabels()) {
      node.set("labels", StateJsonFields.labels(info.getLabels()));
    }
    if (info.hasDiscovery()) {
      node.set("discovery", StateJsonFields.proto(info.getDiscovery()));
    }
    if (info.hasContainer()) {
      node.set("container", StateJsonFields.proto(info.getContainer()));
    }
    if (info.hasHealthCheck()) {
      node.set("health_check", StateJsonFields.proto(info.getHealthCheck()));
    }
    return node;
  }

  /** One entry of a task's {@code statuses}: state, timestamp and what is set of the rest. */
  public static ObjectNode status(TaskStatus status) {
    ObjectNode node = NODES.objectNode();
    node.put("state", status.getState().name());
    node.put("timestamp", status.getTimestamp());
    if (status.hasLabels()) {
      node.set("labels", StateJsonFields.labels(status.getLabels()));
    }
    if (status.hasContainerStatus()) {
      node.set("container_status", StateJsonFields.proto(status.getContainerStatus()));
    }
    if (status.hasHealthy()) {
      node.put("healthy", status.getHealthy());
    }
    return node;
  }
}
