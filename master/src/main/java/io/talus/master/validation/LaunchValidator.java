package io.talus.master.validation;

import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LAUNCH and LAUNCH_GROUP against valid offers. A LAUNCH's tasks stand alone: each is launched or
 * rejected by itself. A task group is launched whole or not at all, because its tasks share one
 * executor and are meant to run together.
 */
final class LaunchValidator {

  private LaunchValidator() {}

  static OperationOutcome launch(
      Offer.Operation operation, TaskValidator.Context context, LaunchLedger ledger) {
    List<TaskInfo> launched = new ArrayList<>();
    List<TaskRejection> rejected = new ArrayList<>();
    Resources used = Resources.empty();
    Offer.Operation.Launch.Builder labelled = Offer.Operation.Launch.newBuilder();
    for (TaskInfo given : operation.getLaunch().getTaskInfosList()) {
      TaskInfo task = TaskValidator.withAllocationRole(given, context);
      labelled.addTaskInfos(task);
      String owner = "task " + task.getTaskId().getValue();
      Optional<String> error = TaskValidator.validateCommon(task, context, ledger);
      if (error.isEmpty() && task.hasExecutor() == task.hasCommand()) {
        error =
            Optional.of(
                "Task "
                    + task.getTaskId().getValue()
                    + " should have at least one (but not both) of CommandInfo or ExecutorInfo"
                    + " present");
      }
      if (error.isEmpty() && task.hasExecutor()) {
        error = TaskValidator.validateExecutor(task.getExecutor(), owner, context, ledger);
      }
      Resources needed = Resources.empty();
      if (error.isEmpty()) {
        needed = Resources.of(task.getResourcesList());
        if (task.hasExecutor()) {
          needed = needed.add(ledger.executorCost(task.getExecutor()));
        }
        error = ledger.shortfall("Task " + task.getTaskId().getValue(), needed);
      }
      if (error.isPresent()) {
        rejected.add(
            new TaskRejection(
                task.getTaskId(),
                task.getAgentId(),
                TaskState.TASK_ERROR,
                Reason.REASON_TASK_INVALID,
                error.get()));
        continue;
      }
      ledger.take(needed, AcceptValidator.executorOf(task));
      used = used.add(needed);
      launched.add(task);
    }
    Offer.Operation labelledOperation = operation.toBuilder().setLaunch(labelled).build();
    return new OperationOutcome(labelledOperation, launched, rejected, Optional.empty(), used);
  }

  static OperationOutcome launchGroup(
      Offer.Operation operation, TaskValidator.Context context, LaunchLedger ledger) {
    if (!operation.hasLaunchGroup()) {
      return OperationOutcome.refused(
          operation, List.of(), "LAUNCH_GROUP operation has no 'launch_group'");
    }
    ExecutorInfo executor =
        TaskValidator.withAllocationRole(operation.getLaunchGroup().getExecutor(), context);
    List<TaskInfo> tasks = new ArrayList<>();
    for (TaskInfo task : operation.getLaunchGroup().getTaskGroup().getTasksList()) {
      tasks.add(TaskValidator.withAllocationRole(task, context));
    }
    Offer.Operation labelledOperation =
        operation.toBuilder()
            .setLaunchGroup(
                operation.getLaunchGroup().toBuilder()
                    .setExecutor(executor)
                    .setTaskGroup(
                        operation.getLaunchGroup().getTaskGroup().toBuilder()
                            .clearTasks()
                            .addAllTasks(tasks)))
            .build();

    Resources needed = Resources.empty();
    Optional<String> error = validateGroup(executor, tasks, context, ledger);
    if (error.isEmpty()) {
      needed = ledger.executorCost(executor);
      for (TaskInfo task : tasks) {
        needed = needed.add(Resources.of(task.getResourcesList()));
      }
      error = ledger.shortfall("Task group " + taskIds(tasks), needed);
    }
    if (error.isPresent()) {
      List<TaskRejection> rejected = new ArrayList<>();
      for (TaskInfo task : tasks) {
        rejected.add(
            new TaskRejection(
                task.getTaskId(),
                task.getAgentId(),
                TaskState.TASK_ERROR,
                Reason.REASON_TASK_GROUP_INVALID,
                error.get()));
      }
      return OperationOutcome.refused(labelledOperation, rejected, error.get());
    }
    ledger.take(needed, Optional.of(executor));
    return new OperationOutcome(labelledOperation, tasks, List.of(), Optional.empty(), needed);
  }

  /**
   * The task group rules: Mesos's default executor runs the group, so the executor must be of type
   * DEFAULT and bring no command of its own, and the tasks must not name an executor.
   */
  private static Optional<String> validateGroup(
      ExecutorInfo executor,
      List<TaskInfo> tasks,
      TaskValidator.Context context,
      LaunchLedger ledger) {
    String executorId = executor.getExecutorId().getValue();
    if (executor.getType() != ExecutorInfo.Type.DEFAULT) {
      return Optional.of(
          "'ExecutorInfo.type' of task group executor " + executorId + " must be 'DEFAULT'");
    }
    if (executor.hasCommand()) {
      return Optional.of(
          "'ExecutorInfo.command' must not be set for 'DEFAULT' executor " + executorId);
    }
    Optional<String> error =
        TaskValidator.validateExecutor(executor, "task group " + taskIds(tasks), context, ledger);
    if (error.isPresent()) {
      return error;
    }
    if (tasks.isEmpty()) {
      return Optional.of("Task group for executor " + executorId + " has no tasks");
    }
    for (TaskInfo task : tasks) {
      error = TaskValidator.validateCommon(task, context, ledger);
      if (error.isPresent()) {
        return error;
      }
      if (task.hasExecutor()) {
        return Optional.of(
            "Task "
                + task.getTaskId().getValue()
                + " of a task group must not set 'TaskInfo.executor'");
      }
    }
    return Optional.empty();
  }

  private static String taskIds(List<TaskInfo> tasks) {
    return tasks.stream().map(t -> t.getTaskId().getValue()).toList().toString();
  }
}
