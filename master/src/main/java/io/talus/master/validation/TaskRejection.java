package io.talus.master.validation;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.Objects;

/**
 * A task the master will not launch, with the terminal update the framework must get instead: a
 * scheduler only learns a launch failed through a TaskStatus, never through the ACCEPT's 202.
 */
public record TaskRejection(
    TaskID taskId, AgentID agentId, TaskState state, TaskStatus.Reason reason, String message) {

  public TaskRejection {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The update as the master sends it: from SOURCE_MASTER, on the agent the task named, and
   * without a uuid, so the framework does not acknowledge it. The caller stamps the timestamp,
   * since validation reads no clock.
   */
  public TaskStatus.Builder toStatus() {
    return TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setReason(reason)
        .setMessage(message)
        .setSource(TaskStatus.Source.SOURCE_MASTER)
        .setAgentId(agentId);
  }
}
