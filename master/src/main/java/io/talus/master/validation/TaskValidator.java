package io.talus.master.validation;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.protocol.ids.MesosIds;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Optional;

/**
 * Mesos's per-task and per-executor rules ({@code task::internal} and {@code executor::internal}
 * in Mesos's master validation) that do not depend on how much of the offers is left. Each method
 * returns the first problem, as a message naming the task or executor.
 */
final class TaskValidator {

  /** What every task of one ACCEPT is checked against. */
  record Context(FrameworkID frameworkId, boolean multiRole, AgentID agentId, String role) {}

  private TaskValidator() {}

  /** Id, uniqueness, agent and resources: the rules LAUNCH and LAUNCH_GROUP tasks share. */
  static Optional<String> validateCommon(TaskInfo task, Context context, LaunchLedger ledger) {
    String taskId = task.getTaskId().getValue();
    Optional<String> idError = MesosIds.validate(taskId);
    if (idError.isPresent()) {
      return Optional.of("Task ID '" + taskId + "' is invalid: " + idError.get());
    }
    if (!ledger.claimTaskId(task.getTaskId())) {
      return Optional.of("Task has duplicate ID: " + taskId);
    }
    if (!task.getAgentId().equals(context.agentId())) {
      return Optional.of(
          "Task "
              + taskId
              + " uses agent "
              + task.getAgentId().getValue()
              + " but the offers are on agent "
              + context.agentId().getValue());
    }
    if (task.getResourcesCount() == 0) {
      return Optional.of("Task " + taskId + " uses no resources");
    }
    return validateResources("Task " + taskId, task.getResourcesList(), context);
  }

  /** An executor given with a task (LAUNCH) or a task group (LAUNCH_GROUP). */
  static Optional<String> validateExecutor(
      ExecutorInfo executor, String owner, Context context, LaunchLedger ledger) {
    String executorId = executor.getExecutorId().getValue();
    Optional<String> idError = MesosIds.validate(executorId);
    if (idError.isPresent()) {
      return Optional.of(
          "Executor ID '" + executorId + "' of " + owner + " is invalid: " + idError.get());
    }
    if (executor.hasFrameworkId() && !executor.getFrameworkId().equals(context.frameworkId())) {
      return Optional.of(
          "ExecutorInfo of "
              + owner
              + " has an invalid FrameworkID (Actual: "
              + executor.getFrameworkId().getValue()
              + " vs Expected: "
              + context.frameworkId().getValue()
              + ")");
    }
    // One executor id is one process on the agent; two descriptions of it cannot both be true.
    Optional<ExecutorInfo> earlier = ledger.launchedExecutor(executor.getExecutorId());
    if (earlier.isPresent() && !earlier.get().equals(executor)) {
      return Optional.of(
          "ExecutorInfo of "
              + owner
              + " differs from the one an earlier task in this call gave for executor "
              + executorId);
    }
    return validateResources("Executor " + executorId, executor.getResourcesList(), context);
  }

  /**
   * The resources are well formed and, for a MULTI_ROLE framework, carry the offers' role: such a
   * framework holds several roles, so the master cannot guess which one a resource is for.
   */
  private static Optional<String> validateResources(
      String owner, List<Resource> resources, Context context) {
    for (Resource r : resources) {
      try {
        Resources.validate(r);
      } catch (IllegalArgumentException e) {
        return Optional.of(owner + " uses an invalid resource: " + e.getMessage());
      }
      if (context.multiRole()
          && !context.role().isEmpty()
          && !r.getAllocationInfo().getRole().equals(context.role())) {
        return Optional.of(
            owner
                + " uses resource '"
                + r.getName()
                + "' without 'allocation_info.role' = '"
                + context.role()
                + "', the role its offers were allocated to");
      }
    }
    return Optional.empty();
  }

  /**
   * The task with the offers' role written into resources that lack one, as Mesos does for
   * frameworks of a single role, so the task's resources can be matched against the offers'.
   */
  static TaskInfo withAllocationRole(TaskInfo task, Context context) {
    if (context.multiRole() || context.role().isEmpty()) {
      return task;
    }
    TaskInfo.Builder b = task.toBuilder();
    label(b.getResourcesBuilderList(), context.role());
    if (b.hasExecutor()) {
      label(b.getExecutorBuilder().getResourcesBuilderList(), context.role());
    }
    return b.build();
  }

  static ExecutorInfo withAllocationRole(ExecutorInfo executor, Context context) {
    if (context.multiRole() || context.role().isEmpty()) {
      return executor;
    }
    ExecutorInfo.Builder b = executor.toBuilder();
    label(b.getResourcesBuilderList(), context.role());
    return b.build();
  }

  private static void label(List<Resource.Builder> resources, String role) {
    for (Resource.Builder r : resources) {
      if (!r.hasAllocationInfo()) {
        r.getAllocationInfoBuilder().setRole(role);
      }
    }
  }
}
