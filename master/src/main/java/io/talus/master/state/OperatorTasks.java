package io.talus.master.state;

import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.Task;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.master.Protos.Response.GetExecutors;
import io.talus.mesos.v1.master.Protos.Response.GetTasks;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task and executor parts of the operator API ({@code GET_TASKS}, {@code GET_EXECUTORS}), made
 * from the registry's tasks and the master's completed tasks.
 *
 * <p>Where a task is listed:
 *
 * <ul>
 *   <li>{@code unreachable_tasks}: its latest state is TASK_UNREACHABLE;
 *   <li>{@code completed_tasks}: the completed tasks the master remembers, then the registry's
 *       terminal tasks whose last update the framework has not yet acknowledged (Mesos would still
 *       list those in {@code tasks}; Talus reports them by their state);
 *   <li>{@code tasks}: every other registry task;
 *   <li>{@code pending_tasks} and {@code orphan_tasks}: never (Talus commits a launch before it
 *       is sent, and every task's framework is in the registry).
 * </ul>
 */
final class OperatorTasks {

  private OperatorTasks() {}

  static GetTasks tasks(MasterView view) {
    GetTasks.Builder out = GetTasks.newBuilder();
    Set<String> inRegistry = new HashSet<>();
    List<Task> terminal = new ArrayList<>();
    for (FrameworkView f : view.frameworks()) {
      for (TaskRecord t : f.tasks()) {
        inRegistry.add(key(t));
        TaskState state = t.getLatestStatus().getState();
        if (state == TaskState.TASK_UNREACHABLE) {
          out.addUnreachableTasks(task(t));
        } else if (TaskStates.isTerminal(state)) {
          terminal.add(task(t));
        } else {
          out.addTasks(task(t));
        }
      }
    }
    for (TaskRecord t : view.completedTasks()) {
      // The registry's record of a task is the newer one, should the master remember it as well.
      if (!inRegistry.contains(key(t))) {
        out.addCompletedTasks(task(t));
      }
    }
    out.addAllCompletedTasks(terminal);
    return out.build();
  }

  /**
   * The executors of running tasks, one per framework, agent and executor id. Only executors that
   * a task's {@code TaskInfo} names are known here: command tasks have none the master sees (as in
   * Mesos), and a task group's executor is not kept in its tasks' records.
   */
  static GetExecutors executors(MasterView view) {
    Map<String, GetExecutors.Executor> executors = new LinkedHashMap<>();
    for (FrameworkView f : view.frameworks()) {
      if (!FrameworkJson.registered(f)) {
        continue;
      }
      for (TaskRecord t : f.tasks()) {
        TaskState state = t.getLatestStatus().getState();
        if (!t.getInfo().hasExecutor()
            || state == TaskState.TASK_UNREACHABLE
            || TaskStates.isTerminal(state)) {
          continue;
        }
        ExecutorInfo executor = t.getInfo().getExecutor();
        if (!executor.hasFrameworkId()) {
          // Mesos stamps the framework id into an executor it launches.
          executor = executor.toBuilder().setFrameworkId(t.getFrameworkId()).build();
        }
        String id =
            f.id() + "/" + t.getAgentId().getValue() + "/" + executor.getExecutorId().getValue();
        executors.putIfAbsent(
            id,
            GetExecutors.Executor.newBuilder()
                .setExecutorInfo(executor)
                .setAgentId(t.getAgentId())
                .build());
      }
    }
    return GetExecutors.newBuilder().addAllExecutors(executors.values()).build();
  }

  /** Mesos's {@code protobuf::createTask} from the task's launch and its latest status. */
  static Task task(TaskRecord t) {
    TaskInfo info = t.getInfo();
    TaskStatus latest = t.getLatestStatus();
    Task.Builder task =
        Task.newBuilder()
            .setName(info.getName())
            .setTaskId(info.getTaskId())
            .setFrameworkId(t.getFrameworkId())
            .setAgentId(t.getAgentId())
            .setState(latest.getState())
            .addAllResources(info.getResourcesList())
            // Mesos keeps no status data in the master's tasks.
            .addStatuses(latest.toBuilder().clearData())
            .setStatusUpdateState(latest.getState())
            .putAllLimits(info.getLimitsMap());
    if (t.hasExecutorId()) {
      task.setExecutorId(t.getExecutorId());
    } else if (info.hasExecutor()) {
      task.setExecutorId(info.getExecutor().getExecutorId());
    }
    if (latest.hasUuid()) {
      task.setStatusUpdateUuid(latest.getUuid());
    }
    if (info.hasLabels()) {
      task.setLabels(info.getLabels());
    }
    if (info.hasDiscovery()) {
      task.setDiscovery(info.getDiscovery());
    }
    if (info.hasContainer()) {
      task.setContainer(info.getContainer());
    }
    if (info.hasHealthCheck()) {
      task.setHealthCheck(info.getHealthCheck());
    }
    if (info.hasKillPolicy()) {
      task.setKillPolicy(info.getKillPolicy());
    }
    if (info.hasCommand() && info.getCommand().hasUser()) {
      task.setUser(info.getCommand().getUser());
    } else if (info.hasExecutor() && info.getExecutor().getCommand().hasUser()) {
      task.setUser(info.getExecutor().getCommand().getUser());
    }
    return task.build();
  }

  private static String key(TaskRecord t) {
    return t.getFrameworkId().getValue() + "/" + t.getInfo().getTaskId().getValue();
  }
}
