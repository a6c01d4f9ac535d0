package io.talus.agent.core;

import io.talus.agent.containerizer.ExitStatus;
import io.talus.agent.containerizer.LaunchSpec;
import io.talus.agent.containerizer.LaunchedProcess;
import io.talus.http.EventStream;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.KillPolicy;
import io.talus.mesos.v1.Protos.TaskGroupInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.mesos.v1.Protos.TaskStatus.Source;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.mesos.v1.executor.Protos.Event;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import io.talus.protocol.json.MesosJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custom executors: processes the agent starts from an ExecutorInfo that then talk to it over
 * {@code POST /api/v1/executor}. The agent queues their launches until they SUBSCRIBE, takes
 * their status updates into the status update manager (acknowledging each to the executor once
 * it is checkpointed), relays messages both ways, and fails their tasks when the process dies.
 */
final class CustomExecutors {

  private static final Logger LOG = LoggerFactory.getLogger(CustomExecutors.class);

  private final AgentState s;
  private final Consumer<TaskRun> ended;
  private final Consumer<ExecutorRun> executorEnded;

  CustomExecutors(AgentState s, Consumer<TaskRun> ended, Consumer<ExecutorRun> executorEnded) {
    this.s = s;
    this.ended = ended;
    this.executorEnded = executorEnded;
  }

  /** LAUNCH (or LAUNCH_GROUP) through the framework's executor, starting it when it does not run. */
  void launch(FrameworkInfo framework, ExecutorInfo info, List<TaskInfo> tasks, boolean group) {
    Optional<ExecutorRun> existing = s.executor(framework.getId().getValue(), info.getExecutorId().getValue())
        .filter(e -> !e.exited && !e.shuttingDown);
    ExecutorRun executor = existing.orElseGet(() -> start(framework, info));
    List<TaskRun> runs = new ArrayList<>();
    for (TaskInfo t : tasks) {
      runs.add(Launches.newTask(s, executor, t, executor.directory));
    }
    if (executor.exited) {
      return; // the launch failed; start() has failed the executor and ended() takes these tasks
    }
    if (executor.connected()) {
      sendLaunch(executor, runs, group);
    } else {
      executor.queued.add(new ExecutorRun.QueuedLaunch(runs, group));
    }
  }

  private ExecutorRun start(FrameworkInfo framework, ExecutorInfo info) {
    ExecutorRun executor = Launches.newExecutor(s, framework.getId(), info, Kind.CUSTOM);
    Optional<String> why = !info.hasCommand() ? Optional.of("The executor has no command")
        : Environments.unsupported(info.getCommand());
    try {
      if (why.isPresent()) {
        throw new IOException(why.get());
      }
      LaunchedProcess process = s.launcher.launch(new LaunchSpec(executor.containerId, executor.directory,
          executor.directory.resolve(".talus"), Environments.argv(info.getCommand()),
          Environments.executor(s, framework.getId().getValue(), executor.id(), executor.directory,
              framework.getCheckpoint(), info.getCommand()),
          Environments.limits(info.getResourcesList())));
      executor.process = process;
      executor.processRecord = process.record();
      s.checkpoint.batch().putExecutor(executor.checkpoint()).commit();
      LOG.info("executor launched framework={} executor={} pid={}", framework.getId().getValue(), executor.id(),
          process.pid());
      watch(executor, process);
      executor.subscribeTimer = s.loop.schedule(() -> subscribeTimeout(executor),
          s.config.executorRegistrationTimeout());
    } catch (IOException | RuntimeException e) {
      LOG.warn("executor launch failed framework={} executor={}: {}", framework.getId().getValue(),
          executor.id(), e.toString());
      executor.exited = true;
      s.loop.execute(() -> failTasks(executor, "Failed to launch the executor: " + e.getMessage(),
          Reason.REASON_CONTAINER_LAUNCH_FAILED, TaskState.TASK_FAILED));
    }
    return executor;
  }

  void watch(ExecutorRun executor, LaunchedProcess process) {
    process.onExit().whenComplete((status, error) -> s.loop.execute(
        () -> exited(executor, error == null ? status : ExitStatus.unknown())));
  }

  private void subscribeTimeout(ExecutorRun executor) {
    if (!executor.connected() && !executor.exited) {
      LOG.warn("executor did not subscribe in time framework={} executor={}; killing it",
          executor.frameworkId.getValue(), executor.id());
      executor.shuttingDown = true;
      executor.process.kill(Duration.ZERO);
    }
  }

  private void exited(ExecutorRun executor, ExitStatus status) {
    if (executor.exited && executor.process == null) {
      return;
    }
    executor.exited = true;
    s.executorsTerminated++;
    if (executor.subscribeTimer != null) {
      executor.subscribeTimer.cancel(false);
    }
    if (executor.connection != null) {
      executor.connection.close();
    }
    LOG.info("executor exited framework={} executor={} status={}", executor.frameworkId.getValue(), executor.id(),
        status);
    AgentToMaster.ExecutorExited.Builder exited = AgentToMaster.ExecutorExited.newBuilder()
        .setFrameworkId(executor.frameworkId).setExecutorId(executor.info.getExecutorId());
    status.code().ifPresent(exited::setStatus);
    s.toMaster(AgentToMaster.newBuilder().setExecutorExited(exited).build());
    failTasks(executor, "Executor terminated: " + status.message(),
        status.memoryLimitExceeded() ? Reason.REASON_CONTAINER_LIMITATION_MEMORY : Reason.REASON_EXECUTOR_TERMINATED,
        TaskState.TASK_FAILED);
    executorEnded.accept(executor);
  }

  private void failTasks(ExecutorRun executor, String message, Reason reason, TaskState state) {
    executor.queued.clear();
    for (TaskRun t : List.copyOf(executor.tasks.values())) {
      if (!t.terminal()) {
        s.emit(t, t.killing ? TaskState.TASK_KILLED : state, message, reason, Source.SOURCE_AGENT);
        ended.accept(t);
      }
    }
  }

  private void sendLaunch(ExecutorRun executor, List<TaskRun> runs, boolean group) {
    Event event;
    if (group) {
      TaskGroupInfo.Builder g = TaskGroupInfo.newBuilder();
      runs.forEach(r -> g.addTasks(r.info));
      event = Event.newBuilder().setType(Event.Type.LAUNCH_GROUP)
          .setLaunchGroup(Event.LaunchGroup.newBuilder().setTaskGroup(g)).build();
    } else {
      event = Event.newBuilder().setType(Event.Type.LAUNCH)
          .setLaunch(Event.Launch.newBuilder().setTask(runs.get(0).info)).build();
    }
    for (TaskRun r : runs) {
      r.sentToExecutor = true;
    }
    send(executor, event);
    if (!group) {
      for (TaskRun r : runs.subList(1, runs.size())) {
        send(executor, Event.newBuilder().setType(Event.Type.LAUNCH)
            .setLaunch(Event.Launch.newBuilder().setTask(r.info)).build());
      }
    }
  }

  private static void send(ExecutorRun executor, Event event) {
    if (executor.connection == null) {
      return;
    }
    byte[] payload = executor.connectionType == MediaType.JSON ? MesosJson.printBytes(event) : event.toByteArray();
    executor.connection.sendRecord(payload);
  }

  // ---- the executor API (calls arrive on the loop) ----

  void subscribe(ExecutorRun executor, Call call, MediaType type, HttpResponder responder) {
    if (executor.connection != null) {
      executor.connection.close();
    }
    Call.Subscribe sub = call.getSubscribe();
    for (Call.Update u : sub.getUnacknowledgedUpdatesList()) {
      s.task(executor.frameworkId.getValue(), u.getStatus().getTaskId().getValue())
          .ifPresent(t -> s.record(t, withAgent(u.getStatus())));
    }
    if (executor.recovered) {
      Set<String> known = new HashSet<>();
      sub.getUnacknowledgedTasksList().forEach(t -> known.add(t.getTaskId().getValue()));
      sub.getUnacknowledgedUpdatesList().forEach(u -> known.add(u.getStatus().getTaskId().getValue()));
      for (TaskRun t : List.copyOf(executor.tasks.values())) {
        if (t.state() == TaskState.TASK_STAGING && t.sentToExecutor && !known.contains(t.id())) {
          FrameworkInfo fw = s.frameworks.get(t.frameworkId.getValue());
          boolean partitionAware = fw != null
              && Launches.hasCapability(fw, FrameworkInfo.Capability.Type.PARTITION_AWARE);
          s.emit(t, partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
              "The task was never seen by its executor", Reason.REASON_AGENT_RESTARTED, Source.SOURCE_AGENT);
          ended.accept(t);
        }
      }
      executor.recovered = false;
    }
    EventStream stream = responder.stream(type.mime(), Map.of());
    executor.connection = stream;
    executor.connectionType = type;
    if (executor.subscribeTimer != null) {
      executor.subscribeTimer.cancel(false);
      executor.subscribeTimer = null;
    }
    stream.onClose(() -> s.loop.execute(() -> {
      if (executor.connection == stream) {
        executor.connection = null;
        LOG.info("executor disconnected framework={} executor={}", executor.frameworkId.getValue(), executor.id());
      }
    }));
    Event.Subscribed.Builder subscribed = Event.Subscribed.newBuilder().setExecutorInfo(executor.info)
        .setAgentInfo(s.agentInfo)
        .setContainerId(io.talus.mesos.v1.Protos.ContainerID.newBuilder().setValue(executor.containerId));
    FrameworkInfo framework = s.frameworks.get(executor.frameworkId.getValue());
    if (framework != null) {
      subscribed.setFrameworkInfo(framework);
    }
    send(executor, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(subscribed).build());
    LOG.info("executor subscribed framework={} executor={} queued_launches={}", executor.frameworkId.getValue(),
        executor.id(), executor.queued.size());
    List<ExecutorRun.QueuedLaunch> queued = List.copyOf(executor.queued);
    executor.queued.clear();
    for (ExecutorRun.QueuedLaunch launch : queued) {
      List<TaskRun> live = launch.tasks().stream().filter(t -> !t.terminal()).toList();
      if (!live.isEmpty()) {
        sendLaunch(executor, live, launch.group());
      }
    }
    if (executor.shuttingDown) {
      send(executor, Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    }
  }

  /** UPDATE: validated by the caller; checkpointed, acknowledged to the executor, then forwarded. */
  void update(ExecutorRun executor, TaskStatus status, HttpResponder responder) {
    Optional<TaskRun> task = Optional.ofNullable(executor.tasks.get(status.getTaskId().getValue()));
    if (task.isEmpty()) {
      s.invalidStatusUpdates++;
      responder.respondText(400, "Task " + status.getTaskId().getValue() + " is unknown to executor "
          + executor.id());
      return;
    }
    TaskRun t = task.get();
    boolean wasTerminal = t.terminal();
    if (wasTerminal && !s.updates.pending(t.frameworkId, t.info.getTaskId()).stream()
        .anyMatch(p -> p.getUuid().equals(status.getUuid()))) {
      s.invalidStatusUpdates++;
      responder.respondText(400, "Task " + t.id() + " has already ended (" + t.state() + ")");
      return;
    }
    s.validStatusUpdates++;
    s.record(t, withAgent(status));
    responder.respondEmpty(202);
    send(executor, Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(
        Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    if (!wasTerminal && t.terminal()) {
      ended.accept(t);
    }
  }

  private TaskStatus withAgent(TaskStatus status) {
    TaskStatus.Builder b = status.toBuilder();
    if (s.agentInfo.hasId()) {
      b.setAgentId(s.agentInfo.getId());
    }
    return b.build();
  }

  void message(ExecutorRun executor, byte[] data) {
    s.validFrameworkMessages++;
    s.toMaster(AgentToMaster.newBuilder().setExecutorToFramework(AgentToMaster.ExecutorToFramework.newBuilder()
        .setFrameworkId(executor.frameworkId).setExecutorId(executor.info.getExecutorId())
        .setData(com.google.protobuf.ByteString.copyFrom(data))).build());
  }

  /** From the framework, through the master. */
  void frameworkMessage(ExecutorRun executor, com.google.protobuf.ByteString data) {
    if (!executor.connected()) {
      s.invalidFrameworkMessages++;
      LOG.info("dropping a framework message for executor {} of framework {}: not subscribed", executor.id(),
          executor.frameworkId.getValue());
      return;
    }
    s.validFrameworkMessages++;
    send(executor, Event.newBuilder().setType(Event.Type.MESSAGE)
        .setMessage(Event.Message.newBuilder().setData(data)).build());
  }

  void kill(ExecutorRun executor, TaskRun task, Optional<KillPolicy> policy) {
    if (!task.sentToExecutor) {
      s.emit(task, TaskState.TASK_KILLED, "Killed before its executor started it", null, Source.SOURCE_AGENT);
      ended.accept(task);
      return;
    }
    task.killing = true;
    s.checkpointTask(task);
    Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(task.info.getTaskId());
    policy.ifPresent(kill::setKillPolicy);
    send(executor, Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
  }

  /** SHUTDOWN to the executor, then its process is killed after the grace period. */
  void shutdown(ExecutorRun executor) {
    if (executor.exited) {
      return;
    }
    executor.shuttingDown = true;
    for (TaskRun t : List.copyOf(executor.tasks.values())) {
      if (!t.sentToExecutor && !t.terminal()) {
        s.emit(t, TaskState.TASK_KILLED, "Executor shut down before the task started", null, Source.SOURCE_AGENT);
        ended.accept(t);
      }
      t.killing = true;
    }
    executor.queued.clear();
    send(executor, Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
    LOG.info("executor shutting down framework={} executor={}", executor.frameworkId.getValue(), executor.id());
    if (executor.process != null) {
      executor.process.kill(s.config.executorShutdownGracePeriod());
    }
  }

  void heartbeat() {
    Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    for (Map<String, ExecutorRun> byId : s.executors.values()) {
      for (ExecutorRun e : byId.values()) {
        if (e.connected()) {
          send(e, heartbeat);
        }
      }
    }
  }
}
