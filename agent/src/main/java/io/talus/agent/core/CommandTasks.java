package io.talus.agent.core;

import io.talus.agent.containerizer.ExitStatus;
import io.talus.agent.containerizer.LaunchSpec;
import io.talus.agent.containerizer.LaunchedProcess;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.mesos.v1.Protos.TaskStatus.Source;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's built-in executors, which run tasks as processes of their own rather than through
 * an executor process: the command executor (one task, {@code CommandInfo}) and the default
 * executor (a task group whose tasks run together and fail together). Each task runs under a
 * supervisor that outlives the agent, so recovery finds it again.
 */
final class CommandTasks {

  private static final Logger LOG = LoggerFactory.getLogger(CommandTasks.class);

  private final AgentState s;
  private final Consumer<TaskRun> ended;

  /** @param ended called on the loop when a task reached a terminal state of its own */
  CommandTasks(AgentState s, Consumer<TaskRun> ended) {
    this.s = s;
    this.ended = ended;
  }

  /** The command executor: an executor of its own per task, id = task id, as Mesos does it. */
  void runTask(FrameworkInfo framework, TaskInfo task, ExecutorRun executor) {
    TaskRun run = Launches.newTask(s, executor, task, executor.directory);
    start(executor, run);
  }

  /** The default executor: every task of the group in {@code <sandbox>/tasks/<task id>}. */
  void runGroup(ExecutorRun executor, List<TaskInfo> tasks) {
    List<TaskRun> runs = tasks.stream()
        .map(t -> Launches.newTask(s, executor, t, executor.directory.resolve("tasks").resolve(t.getTaskId().getValue())))
        .toList();
    for (TaskRun run : runs) {
      start(executor, run);
    }
  }

  static ExecutorInfo commandExecutorInfo(FrameworkInfo framework, TaskInfo task) {
    return ExecutorInfo.newBuilder().setExecutorId(io.talus.mesos.v1.Protos.ExecutorID.newBuilder()
            .setValue(task.getTaskId().getValue()))
        .setFrameworkId(framework.getId()).setName("Command Executor (Task: " + task.getTaskId().getValue() + ")")
        .setSource(task.getTaskId().getValue()).setType(ExecutorInfo.Type.DEFAULT)
        .setCommand(task.getCommand()).addAllResources(task.getResourcesList()).build();
  }

  private void start(ExecutorRun executor, TaskRun task) {
    CommandInfo command = task.info.getCommand();
    Optional<String> why = !task.info.hasCommand()
        ? Optional.of("The task has neither a command nor an executor")
        : task.info.hasContainer() && task.info.getContainer().getType()
            != io.talus.mesos.v1.Protos.ContainerInfo.Type.MESOS
            ? Optional.of("Container type " + task.info.getContainer().getType()
                + " needs a container engine, which this agent does not have")
            : Environments.unsupported(command);
    if (why.isPresent()) {
      fail(task, why.get());
      return;
    }
    LaunchSpec spec = new LaunchSpec(executor.containerId + "." + task.id(), task.directory,
        statusDir(task.directory), Environments.argv(command),
        Environments.task(s, task.frameworkId.getValue(), executor.id(), task.id(), task.directory, command),
        Environments.limits(task.info.getResourcesList()));
    task.launching = true;
    // Starting a supervisor takes a few fork/execs; off the loop, so that acknowledgements, kills
    // and the other launches of a large ACCEPT are not queued behind it.
    s.launches.execute(() -> {
      LaunchedProcess process = null;
      Exception failure = null;
      try {
        Files.createDirectories(task.directory);
        process = s.launcher.launch(spec);
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      LaunchedProcess launched = process;
      Exception error = failure;
      s.loop.execute(() -> started(executor, task, launched, error));
    });
  }

  private void started(ExecutorRun executor, TaskRun task, LaunchedProcess process, Exception failure) {
    task.launching = false;
    if (failure != null) {
      LOG.warn("launch failed framework={} task={}: {}", task.frameworkId.getValue(), task.id(), failure.toString());
      fail(task, "Failed to launch the command: " + failure.getMessage());
      return;
    }
    task.process = process;
    task.processRecord = process.record();
    LOG.info("task started framework={} executor={} task={} pid={} sandbox={}", task.frameworkId.getValue(),
        executor.id(), task.id(), process.pid(), task.directory);
    watch(task, process);
    if (task.killing) {
      // Killed while it was starting: it ends TASK_KILLED without ever being reported running.
      s.checkpointTask(task);
      process.kill(Duration.ZERO);
      return;
    }
    s.emit(task, TaskState.TASK_STARTING, null, null, Source.SOURCE_EXECUTOR);
    s.emit(task, TaskState.TASK_RUNNING, null, null, Source.SOURCE_EXECUTOR);
  }

  /** Where the supervisor of a task keeps its pid and exit status: inside the task's sandbox. */
  static Path statusDir(Path taskDirectory) {
    return taskDirectory.resolve(".talus");
  }

  private void fail(TaskRun task, String message) {
    s.emit(task, TaskState.TASK_FAILED, message, Reason.REASON_CONTAINER_LAUNCH_FAILED, Source.SOURCE_AGENT);
    ended.accept(task);
  }

  /** Hands the process's end to the loop. */
  void watch(TaskRun task, LaunchedProcess process) {
    process.onExit().whenComplete((status, error) -> s.loop.execute(
        () -> exited(task, error == null ? status : ExitStatus.unknown())));
  }

  private void exited(TaskRun task, ExitStatus status) {
    if (task.terminal()) {
      return;
    }
    TaskState state;
    Reason reason = null;
    if (task.killing) {
      state = TaskState.TASK_KILLED;
    } else if (status.memoryLimitExceeded()) {
      state = TaskState.TASK_FAILED;
      reason = Reason.REASON_CONTAINER_LIMITATION_MEMORY;
    } else if (status.succeeded()) {
      state = TaskState.TASK_FINISHED;
    } else {
      state = TaskState.TASK_FAILED;
      if (status.code().isEmpty()) {
        reason = Reason.REASON_EXECUTOR_TERMINATED;
      }
    }
    LOG.info("task exited framework={} task={} pid={} status={}", task.frameworkId.getValue(), task.id(),
        task.process == null ? -1 : task.process.pid(), status);
    s.emit(task, state, status.message(), reason, Source.SOURCE_EXECUTOR);
    ended.accept(task);
    s.executorOf(task).filter(e -> e.kind == Kind.DEFAULT && state != TaskState.TASK_FINISHED)
        .ifPresent(group -> killGroup(group, task));
  }

  /** A task of a group failed: the others go too, as Mesos's default executor does. */
  private void killGroup(ExecutorRun group, TaskRun failed) {
    for (TaskRun other : List.copyOf(group.tasks.values())) {
      if (other != failed && !other.terminal()) {
        LOG.info("killing task {} of group executor={}: task {} ended", other.id(), group.id(), failed.id());
        kill(other, s.config.killGracePeriod());
      }
    }
  }

  /** Kills a task of a built-in executor; a default executor's whole group goes with it. */
  void killTask(TaskRun task, Duration grace) {
    Optional<ExecutorRun> executor = s.executorOf(task);
    if (executor.isPresent() && executor.get().kind == Kind.DEFAULT) {
      for (TaskRun t : List.copyOf(executor.get().tasks.values())) {
        kill(t, grace);
      }
    } else {
      kill(task, grace);
    }
  }

  private void kill(TaskRun task, Duration grace) {
    if (task.terminal()) {
      return;
    }
    if (task.launching) {
      task.killing = true;
      return; // started() kills it
    }
    if (task.process == null) {
      s.emit(task, TaskState.TASK_KILLED, "Killed before it started", null, Source.SOURCE_AGENT);
      ended.accept(task);
      return;
    }
    if (!task.killing) {
      task.killing = true;
      FrameworkInfo framework = s.frameworks.get(task.frameworkId.getValue());
      if (framework != null && Launches.hasCapability(framework,
          FrameworkInfo.Capability.Type.TASK_KILLING_STATE)) {
        s.emit(task, TaskState.TASK_KILLING, null, null, Source.SOURCE_EXECUTOR);
      } else {
        s.checkpointTask(task);
      }
    }
    LOG.info("killing task framework={} task={} pid={} grace={}", task.frameworkId.getValue(), task.id(),
        task.process.pid(), grace);
    task.process.kill(grace);
  }
}
