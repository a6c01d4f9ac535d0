package io.talus.agent.state;

import io.talus.mesos.v1.Protos.ExecutorInfo;
import java.util.List;

/**
 * One executor run.
 *
 * @param info the ExecutorInfo (for command tasks, the one the agent made up: id = task id)
 * @param kind "command", "default" or "custom"
 * @param containerId the run's container id
 * @param directory the sandbox, absolute
 * @param tasks tasks that have not ended
 * @param queuedTasks tasks waiting for a custom executor to subscribe
 * @param completedTasks tasks that ended
 */
public record ExecutorView(
    ExecutorInfo info,
    String kind,
    String containerId,
    String directory,
    List<TaskView> tasks,
    List<TaskView> queuedTasks,
    List<TaskView> completedTasks) {

  public ExecutorView {
    tasks = List.copyOf(tasks);
    queuedTasks = List.copyOf(queuedTasks);
    completedTasks = List.copyOf(completedTasks);
  }
}
