package io.talus.registry;

import static io.talus.protocol.registry.Rejected.Reason.AGENT_GONE;
import static io.talus.protocol.registry.Rejected.Reason.AGENT_NOT_ACTIVE;
import static io.talus.protocol.registry.Rejected.Reason.DUPLICATE_TASK_ID;
import static io.talus.protocol.registry.Rejected.Reason.FRAMEWORK_NOT_ACTIVE;
import static io.talus.protocol.registry.Rejected.Reason.INVALID_OP;
import static io.talus.protocol.registry.Rejected.Reason.TASK_ALREADY_TERMINAL;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_AGENT;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_TASK;
import static io.talus.protocol.registry.Rejected.Reason.UUID_MISMATCH;
import static io.talus.registry.Results.rejected;

import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.registry.AcknowledgeTaskStatus;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.registry.UpdateTaskStatus;
import io.talus.protocol.tasks.TaskStates;
import java.util.HashSet;
import java.util.Set;

/** Task launch, status updates and acknowledgements. */
final class TaskOps {

  private TaskOps() {}

  static OpResult launch(RegistryState state, OpContext ctx, LaunchTasks op) {
    String frameworkId = op.getFrameworkId().getValue();
    FrameworkRecord framework = state.frameworks.get(frameworkId);
    OpResult invalid = FrameworkOps.checkExists(framework, op.getFrameworkId());
    if (invalid != null) {
      return invalid;
    }
    if (framework.getState() != FrameworkRecord.State.ACTIVE) {
      return rejected(FRAMEWORK_NOT_ACTIVE, "framework " + frameworkId + " is not subscribed");
    }
    String agentId = op.getAgentId().getValue();
    AgentRecord agent = state.agents.get(agentId);
    if (agent == null) {
      return rejected(UNKNOWN_AGENT, "unknown agent " + agentId);
    }
    if (agent.getState() == AgentRecord.State.GONE) {
      return rejected(AGENT_GONE, "agent " + agentId + " is gone");
    }
    if (agent.getState() != AgentRecord.State.ACTIVE) {
      return rejected(AGENT_NOT_ACTIVE, "agent " + agentId + " is " + agent.getState());
    }
    if (op.getTasksCount() == 0) {
      return rejected(INVALID_OP, "LaunchTasks without tasks");
    }
    // Validate everything first: a launch is all or nothing.
    Set<String> seen = new HashSet<>();
    for (TaskInfo task : op.getTasksList()) {
      String taskId = task.getTaskId().getValue();
      if (!seen.add(taskId) || state.task(new RegistryKey.Task(frameworkId, taskId)) != null) {
        return rejected(DUPLICATE_TASK_ID, "Task " + taskId + " has duplicate ID");
      }
      if (task.hasAgentId() && !task.getAgentId().equals(op.getAgentId())) {
        return rejected(INVALID_OP, "task " + taskId + " names agent " + task.getAgentId().getValue()
            + " but is launched on " + agentId);
      }
    }
    for (TaskInfo task : op.getTasksList()) {
      TaskRecord.Builder record = TaskRecord.newBuilder()
          .setFrameworkId(op.getFrameworkId())
          .setAgentId(op.getAgentId())
          .setInfo(task)
          .setLaunchedTimeNanos(ctx.timeNanos())
          .setAcknowledged(true)
          .setLatestStatus(TaskStatus.newBuilder()
              .setTaskId(task.getTaskId())
              .setState(TaskState.TASK_STAGING)
              .setAgentId(op.getAgentId())
              .setSource(TaskStatus.Source.SOURCE_MASTER)
              .setTimestamp(ctx.timeSeconds()));
      ExecutorID executor = executorOf(task, op);
      if (executor != null) {
        record.setExecutorId(executor);
        record.getLatestStatusBuilder().setExecutorId(executor);
      }
      state.putTask(record.build());
    }
    return Results.ACCEPTED;
  }

  private static ExecutorID executorOf(TaskInfo task, LaunchTasks op) {
    if (task.hasExecutor()) {
      return task.getExecutor().getExecutorId();
    }
    if (op.hasExecutor()) {
      return op.getExecutor().getExecutorId();
    }
    return null;
  }

  static OpResult update(RegistryState state, OpContext ctx, UpdateTaskStatus op) {
    TaskStatus status = op.getStatus();
    RegistryKey.Task key = new RegistryKey.Task(op.getFrameworkId().getValue(), status.getTaskId().getValue());
    TaskRecord task = state.task(key);
    if (task == null) {
      return rejected(UNKNOWN_TASK, "unknown task " + key.taskId() + " of framework " + key.frameworkId());
    }
    if (status.hasAgentId() && !status.getAgentId().equals(task.getAgentId())) {
      return rejected(INVALID_OP, "status of task " + key.taskId() + " comes from agent "
          + status.getAgentId().getValue() + " but the task runs on " + task.getAgentId().getValue());
    }
    TaskStatus latest = task.getLatestStatus();
    if (TaskStates.isTerminal(latest.getState())) {
      if (status.hasUuid() && status.getUuid().equals(latest.getUuid())) {
        return Results.ACCEPTED; // a retransmission of the update already recorded
      }
      return rejected(TASK_ALREADY_TERMINAL, "task " + key.taskId() + " is already " + latest.getState());
    }
    TaskStatus.Builder stored = status.toBuilder();
    if (!stored.hasAgentId()) {
      stored.setAgentId(task.getAgentId());
    }
    if (!stored.hasTimestamp()) {
      stored.setTimestamp(ctx.timeSeconds());
    }
    storeStatus(state, task, stored.build());
    return Results.ACCEPTED;
  }

  static OpResult acknowledge(RegistryState state, AcknowledgeTaskStatus op) {
    RegistryKey.Task key = new RegistryKey.Task(op.getFrameworkId().getValue(), op.getTaskId().getValue());
    TaskRecord task = state.task(key);
    if (task == null) {
      return rejected(UNKNOWN_TASK, "unknown task " + key.taskId() + " of framework " + key.frameworkId());
    }
    if (!task.getLatestStatus().hasUuid() || !task.getLatestStatus().getUuid().equals(op.getUuid())) {
      return rejected(UUID_MISMATCH, "acknowledgement of task " + key.taskId()
          + " does not match its latest status update");
    }
    if (TaskStates.isTerminal(task.getLatestStatus().getState())) {
      state.removeTask(task);
    } else {
      state.putTask(task.toBuilder().setAcknowledged(true).build());
    }
    return Results.ACCEPTED;
  }

  /**
   * Records a task's new latest status. A status without a uuid needs no acknowledgement, so a
   * terminal one retires the task at once, as an acknowledged terminal update does.
   */
  static void storeStatus(RegistryState state, TaskRecord task, TaskStatus status) {
    boolean acknowledged = !status.hasUuid();
    if (acknowledged && TaskStates.isTerminal(status.getState())) {
      state.removeTask(task);
    } else {
      state.putTask(task.toBuilder().setLatestStatus(status).setAcknowledged(acknowledged).build());
    }
  }
}
