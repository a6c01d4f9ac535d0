package io.talus.agent.core;

import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import io.talus.protocol.agent.CheckpointedFramework;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every launch does first: remember the framework, make the executor run and the task. */
final class Launches {

  private static final Logger LOG = LoggerFactory.getLogger(Launches.class);

  private Launches() {}

  static void ensureFramework(AgentState s, FrameworkInfo framework) {
    String id = framework.getId().getValue();
    if (!framework.equals(s.frameworks.get(id))) {
      s.frameworks.put(id, framework);
      s.checkpoint.batch().putFramework(CheckpointedFramework.newBuilder().setFrameworkInfo(framework).build())
          .commit();
    }
  }

  /**
   * A new run of an executor, with a fresh container id and sandbox. It is checkpointed with its
   * first task ({@link #newTask}), in the same write: one fsync per launch, not two.
   */
  static ExecutorRun newExecutor(AgentState s, FrameworkID frameworkId, ExecutorInfo info, Kind kind) {
    String containerId = UUID.randomUUID().toString();
    Path directory;
    try {
      directory = s.layout.createRunDir(s.agentId().orElseThrow(), frameworkId.getValue(),
          info.getExecutorId().getValue(), containerId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the sandbox of executor " + info.getExecutorId().getValue(), e);
    }
    ExecutorRun run = new ExecutorRun(frameworkId, info.toBuilder().setFrameworkId(frameworkId).build(),
        containerId, kind, directory);
    s.executors.computeIfAbsent(frameworkId.getValue(), k -> new LinkedHashMap<>()).put(run.id(), run);
    LOG.info("executor created framework={} executor={} kind={} container={} sandbox={}", frameworkId.getValue(),
        run.id(), kind, containerId, directory);
    return run;
  }

  /** A task in TASK_STAGING, added to its executor and checkpointed (with it) before anything runs. */
  static TaskRun newTask(AgentState s, ExecutorRun executor, TaskInfo task, Path directory) {
    TaskStatus staging = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_STAGING)
        .setSource(TaskStatus.Source.SOURCE_AGENT).setAgentId(s.agentIdProto())
        .setExecutorId(executor.info.getExecutorId()).setTimestamp(AgentState.nowSeconds()).build();
    TaskRun run = new TaskRun(executor.frameworkId, executor.info.getExecutorId(), task, directory, staging);
    executor.tasks.put(run.id(), run);
    s.checkpoint.batch().putExecutor(executor.checkpoint()).putTask(run.checkpoint()).commit();
    return run;
  }

  static boolean hasCapability(FrameworkInfo framework, FrameworkInfo.Capability.Type type) {
    return framework.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
  }
}
