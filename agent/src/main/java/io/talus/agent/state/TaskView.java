package io.talus.agent.state;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.List;
import java.util.OptionalLong;

/**
 * A task on the agent.
 *
 * @param frameworkId its framework
 * @param info the TaskInfo as launched
 * @param state its latest state
 * @param statuses every status the agent produced for it, oldest first
 * @param pid its process group, for tasks the agent runs itself
 */
public record TaskView(
    FrameworkID frameworkId,
    TaskInfo info,
    TaskState state,
    List<TaskStatus> statuses,
    OptionalLong pid) {

  public TaskView {
    statuses = List.copyOf(statuses);
  }
}
