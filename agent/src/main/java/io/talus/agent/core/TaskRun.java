package io.talus.agent.core;

import io.talus.agent.containerizer.LaunchedProcess;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedTask;
import io.talus.protocol.agent.ProcessRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One task on the agent, from its launch until the framework acknowledged its last update. */
final class TaskRun {

  final FrameworkID frameworkId;
  final ExecutorID executorId;
  final TaskInfo info;
  final Path directory;
  final List<TaskStatus> statuses = new ArrayList<>();
  TaskStatus latest;
  /** Command and default executor tasks: the task's process once it started. */
  LaunchedProcess process;
  ProcessRecord processRecord;
  /** Its process is being started on a launch thread. */
  boolean launching;
  /** A kill was asked for: whatever the exit status, the end is TASK_KILLED. */
  boolean killing;
  /** Custom executors: LAUNCH went out on the executor's stream. */
  boolean sentToExecutor;

  TaskRun(FrameworkID frameworkId, ExecutorID executorId, TaskInfo info, Path directory, TaskStatus staging) {
    this.frameworkId = frameworkId;
    this.executorId = executorId;
    this.info = info;
    this.directory = directory;
    this.latest = staging;
  }

  String id() {
    return info.getTaskId().getValue();
  }

  TaskState state() {
    return latest.getState();
  }

  boolean terminal() {
    return io.talus.protocol.tasks.TaskStates.isTerminal(state());
  }

  CheckpointedTask checkpoint() {
    CheckpointedTask.Builder b = CheckpointedTask.newBuilder().setFrameworkId(frameworkId)
        .setExecutorId(executorId).setTask(info).setLatestStatus(latest)
        .setDirectory(directory.toString()).setKilling(killing);
    if (processRecord != null) {
      b.setProcess(processRecord);
    }
    return b.build();
  }
}
