package io.talus.agent.core;

import io.talus.agent.checkpoint.AgentCheckpoint.Recovered;
import io.talus.agent.containerizer.LaunchedProcess;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.mesos.v1.Protos.TaskStatus.Source;
import io.talus.protocol.agent.CheckpointedExecutor;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import io.talus.protocol.agent.CheckpointedFramework;
import io.talus.protocol.agent.CheckpointedTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's start after a crash: everything it checkpointed comes back, live processes are
 * taken over (same pids, nothing relaunched), processes that ended while the agent was down are
 * reported with the exit status their supervisor recorded, and custom executors get a while to
 * subscribe again before they are killed.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final AgentState s;
  private final CommandTasks commandTasks;
  private final CustomExecutors customExecutors;
  private final Consumer<TaskRun> ended;

  Recovery(AgentState s, CommandTasks commandTasks, CustomExecutors customExecutors, Consumer<TaskRun> ended) {
    this.s = s;
    this.commandTasks = commandTasks;
    this.customExecutors = customExecutors;
    this.ended = ended;
  }

  void run(Recovered r) {
    if (r.agent().isEmpty()) {
      s.recovering = false;
      LOG.info("agent starts fresh: nothing checkpointed in {}", s.config.workDir());
      return;
    }
    s.agentInfo = s.agentInfo.toBuilder().setId(r.agent().get().getAgentInfo().getId()).build();
    for (CheckpointedFramework f : r.frameworks()) {
      s.frameworks.put(f.getFrameworkInfo().getId().getValue(), f.getFrameworkInfo());
    }
    for (CheckpointedExecutor e : r.executors()) {
      ExecutorRun run = new ExecutorRun(e.getFrameworkId(), e.getExecutorInfo(), e.getContainerId(), e.getKind(),
          Path.of(e.getDirectory()));
      if (e.hasProcess()) {
        run.processRecord = e.getProcess();
      }
      s.executors.computeIfAbsent(e.getFrameworkId().getValue(), k -> new LinkedHashMap<>()).put(run.id(), run);
    }
    s.updates.recover(r.updates());
    List<TaskRun> toWatch = new ArrayList<>();
    for (CheckpointedTask t : r.tasks()) {
      ExecutorRun executor = s.executor(t.getFrameworkId().getValue(), t.getExecutorId().getValue()).orElse(null);
      if (executor == null) {
        s.recoveryErrors++;
        LOG.error("checkpointed task {} of framework {} has no executor {}; dropping it",
            t.getTask().getTaskId().getValue(), t.getFrameworkId().getValue(), t.getExecutorId().getValue());
        s.checkpoint.batch().removeTask(t.getFrameworkId(), t.getTask().getTaskId()).commit();
        continue;
      }
      TaskRun run = new TaskRun(t.getFrameworkId(), t.getExecutorId(), t.getTask(),
          Path.of(t.getDirectory().isEmpty() ? executor.directory.toString() : t.getDirectory()), t.getLatestStatus());
      run.statuses.add(t.getLatestStatus());
      run.killing = t.getKilling();
      run.sentToExecutor = true;
      if (t.hasProcess()) {
        run.processRecord = t.getProcess();
      }
      executor.tasks.put(run.id(), run);
      toWatch.add(run);
    }
    int live = 0;
    for (TaskRun t : toWatch) {
      if (t.terminal()) {
        continue; // its last update is still in the status update manager
      }
      ExecutorRun executor = s.executorOf(t).orElseThrow();
      if (executor.kind == Kind.CUSTOM) {
        continue;
      }
      if (t.processRecord == null) {
        t.processRecord = startedWhileDown(t).orElse(null);
      }
      if (t.processRecord == null) {
        s.emit(t, TaskState.TASK_FAILED, "The agent restarted before the task started",
            Reason.REASON_AGENT_RESTARTED, Source.SOURCE_AGENT);
        ended.accept(t);
        continue;
      }
      LaunchedProcess process = s.launcher.recover(t.processRecord);
      t.process = process;
      commandTasks.watch(t, process);
      live++;
    }
    for (var byId : s.executors.values()) {
      for (ExecutorRun e : List.copyOf(byId.values())) {
        if (e.kind == Kind.CUSTOM && e.processRecord != null) {
          e.process = s.launcher.recover(e.processRecord);
          e.recovered = true;
          customExecutors.watch(e, e.process);
          e.subscribeTimer = s.loop.schedule(() -> reregistrationTimeout(e),
              s.config.executorReregistrationTimeout());
        } else if (e.kind == Kind.CUSTOM) {
          e.exited = true;
        }
      }
    }
    s.recovering = false;
    LOG.info("agent recovered agent={} frameworks={} executors={} tasks={} watched_processes={} pending_updates={}",
        s.agentInfo.getId().getValue(), s.frameworks.size(), s.executors.values().stream().mapToInt(m -> m.size()).sum(),
        toWatch.size(), live, s.updates.pendingCount());
  }

  /**
   * A task whose launch the agent did not live to checkpoint: if its supervisor got as far as
   * writing the pid, the process is taken over rather than left running unknown.
   */
  private static java.util.Optional<io.talus.protocol.agent.ProcessRecord> startedWhileDown(TaskRun t) {
    Path statusDir = CommandTasks.statusDir(t.directory);
    try {
      long pid = Long.parseLong(java.nio.file.Files.readString(statusDir.resolve("pid")).trim());
      LOG.info("task {} of framework {} started while the agent went down: pid {}", t.id(),
          t.frameworkId.getValue(), pid);
      return java.util.Optional.of(io.talus.protocol.agent.ProcessRecord.newBuilder().setPid(pid)
          .setStatusDir(statusDir.toString()).build());
    } catch (java.io.IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private void reregistrationTimeout(ExecutorRun e) {
    if (!e.connected() && !e.exited && e.process != null) {
      LOG.warn("executor did not subscribe after the agent restarted framework={} executor={}; killing it",
          e.frameworkId.getValue(), e.id());
      e.process.kill(java.time.Duration.ZERO);
    }
  }
}
