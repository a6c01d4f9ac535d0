package io.talus.agent.core;

import io.talus.agent.AgentConfig;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.agent.containerizer.ProcessLauncher;
import io.talus.agent.master.MasterChannel;
import io.talus.agent.master.MasterLink;
import io.talus.agent.state.AgentView;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.KillPolicy;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.CheckpointedAgent;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import io.talus.protocol.agent.MasterToAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's brain: what the master asks (run, kill, shut down, acknowledgements), what
 * executors say, what processes do, and when a task, executor or framework is done with. Every
 * method runs on the {@link AgentLoop}; the {@link MasterLink.Listener} methods hop onto it.
 */
public final class AgentCore implements MasterLink.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(AgentCore.class);
  private static final Duration LOOP_CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RETRY_TICK = Duration.ofMillis(250);
  private static final Duration EXECUTOR_HEARTBEAT = Duration.ofSeconds(15);

  private final AgentState s;
  private final CommandTasks commandTasks;
  private final CustomExecutors customExecutors;
  private final Consumer<String> registeredAs;
  private final Consumer<String> refused;
  private final double startTimeSeconds = AgentState.nowSeconds();
  private ScheduledFuture<?> heartbeat;

  /**
   * @param registeredAs told the agent id after every (re)registration, e.g. to publish it in gossip
   * @param refused told when the master refuses the agent for good
   */
  public AgentCore(AgentConfig config, AgentLoop loop, AgentCheckpoint checkpoint, ProcessLauncher launcher,
      String endpoint, String version, AgentInfo agentInfo, Consumer<String> registeredAs, Consumer<String> refused) {
    this(config, loop, checkpoint, launcher, endpoint, version, agentInfo, registeredAs, refused,
        AgentState.launchPool());
  }

  /** @param launches where task processes are started (tests pass a direct executor) */
  public AgentCore(AgentConfig config, AgentLoop loop, AgentCheckpoint checkpoint, ProcessLauncher launcher,
      String endpoint, String version, AgentInfo agentInfo, Consumer<String> registeredAs, Consumer<String> refused,
      java.util.concurrent.Executor launches) {
    this.s = new AgentState(config, loop, checkpoint, launcher, endpoint, version, agentInfo, this::sendUpdate,
        launches);
    this.commandTasks = new CommandTasks(s, this::taskEnded);
    this.customExecutors = new CustomExecutors(s, this::taskEnded, this::executorEnded);
    this.registeredAs = registeredAs;
    this.refused = refused;
  }

  public void attach(MasterChannel link) {
    s.link = link;
  }

  /** This process's gossip incarnation, which (re)registrations carry; set before the link starts. */
  public void incarnation(String incarnation) {
    s.loop.execute(() -> s.incarnation = incarnation);
  }

  /** Reads the checkpoint and takes back what runs; call on the loop before the link starts. */
  public void recover() throws IOException {
    new Recovery(s, commandTasks, customExecutors, this::taskEnded).run(s.checkpoint.load());
    s.loop.every(s.updates::retryDue, RETRY_TICK);
    s.loop.every(customExecutors::heartbeat, EXECUTOR_HEARTBEAT);
  }

  /** Stops starting processes; running tasks are left to the next agent on this work dir. */
  public void close() {
    if (s.launches instanceof java.util.concurrent.ExecutorService pool) {
      pool.shutdownNow();
    }
  }

  public Optional<String> agentId() {
    return s.loop.call(s::agentId, LOOP_CALL_TIMEOUT);
  }

  public AgentView view() {
    return s.loop.call(() -> ViewBuilder.build(s, startTimeSeconds), LOOP_CALL_TIMEOUT);
  }

  public boolean recovering() {
    return s.recovering;
  }

  private void sendUpdate(io.talus.mesos.v1.Protos.FrameworkID frameworkId,
      io.talus.mesos.v1.Protos.TaskStatus status) {
    s.toMaster(AgentToMaster.newBuilder().setStatusUpdate(
        AgentToMaster.StatusUpdate.newBuilder().setFrameworkId(frameworkId).setStatus(status)).build());
  }

  // ---- the master link (link threads) ----

  @Override
  public AgentToMaster hello() {
    return s.loop.call(() -> Registration.hello(s), LOOP_CALL_TIMEOUT);
  }

  @Override
  public void connected(String master, MasterToAgent hello) {
    s.loop.execute(() -> {
      boolean fresh = hello.hasRegistered();
      io.talus.mesos.v1.Protos.AgentID id = fresh ? hello.getRegistered().getAgentId()
          : hello.getReregistered().getAgentId();
      double heartbeatSeconds = fresh ? hello.getRegistered().getHeartbeatIntervalSeconds()
          : hello.getReregistered().getHeartbeatIntervalSeconds();
      if (!s.agentInfo.hasId() || !s.agentInfo.getId().equals(id)) {
        s.agentInfo = s.agentInfo.toBuilder().setId(id).build();
        s.checkpoint.batch().putAgent(CheckpointedAgent.newBuilder().setAgentInfo(s.agentInfo).build()).commit();
        try {
          s.layout.markLatestAgent(id.getValue());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      s.registered = true;
      LOG.info("agent {} agent={} master={} heartbeat={}s", fresh ? "registered" : "reregistered", id.getValue(),
          master, heartbeatSeconds);
      Duration interval = heartbeatSeconds > 0 ? Duration.ofMillis((long) (heartbeatSeconds * 1000))
          : Duration.ofSeconds(5);
      s.link.quietLimit(max(Duration.ofSeconds(5), interval.multipliedBy(6)));
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      heartbeat = s.loop.every(() -> s.toMaster(AgentToMaster.newBuilder()
          .setHeartbeat(AgentToMaster.Heartbeat.getDefaultInstance()).build()), interval);
      s.updates.resendAll();
      registeredAs.accept(id.getValue());
    });
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void received(MasterToAgent message) {
    s.loop.execute(() -> onMessage(message));
  }

  @Override
  public void disconnected(String master, String why) {
    s.loop.execute(() -> {
      s.registered = false;
      if (heartbeat != null) {
        heartbeat.cancel(false);
        heartbeat = null;
      }
    });
  }

  @Override
  public void refused(String master, String message) {
    s.loop.execute(() -> {
      s.registered = false;
      refused.accept(message);
    });
  }

  // ---- what the master asks ----

  private void onMessage(MasterToAgent m) {
    switch (m.getMessageCase()) {
      case RUN_TASK -> runTask(m.getRunTask().getFramework(), m.getRunTask().getTask());
      case RUN_TASK_GROUP -> runTaskGroup(m.getRunTaskGroup().getFramework(), m.getRunTaskGroup().getExecutor(),
          m.getRunTaskGroup().getTaskGroup().getTasksList());
      case KILL_TASK -> killTask(m.getKillTask());
      case SHUTDOWN_FRAMEWORK -> shutdownFramework(m.getShutdownFramework().getFrameworkId().getValue());
      case SHUTDOWN_EXECUTOR -> s.executor(m.getShutdownExecutor().getFrameworkId().getValue(),
          m.getShutdownExecutor().getExecutorId().getValue()).ifPresent(this::shutdownExecutor);
      case ACKNOWLEDGEMENT -> acknowledge(m.getAcknowledgement());
      case FRAMEWORK_TO_EXECUTOR -> {
        MasterToAgent.FrameworkToExecutor f = m.getFrameworkToExecutor();
        Optional<ExecutorRun> e = s.executor(f.getFrameworkId().getValue(), f.getExecutorId().getValue())
            .filter(x -> x.kind == Kind.CUSTOM);
        if (e.isPresent()) {
          customExecutors.frameworkMessage(e.get(), f.getData());
        } else {
          s.invalidFrameworkMessages++;
          LOG.info("dropping a framework message for unknown executor {} of framework {}",
              f.getExecutorId().getValue(), f.getFrameworkId().getValue());
        }
      }
      case SHUTDOWN -> refused.accept(m.getShutdown().getMessage());
      case HEARTBEAT, REGISTERED, REREGISTERED, MESSAGE_NOT_SET -> { }
    }
  }

  private void runTask(FrameworkInfo framework, TaskInfo task) {
    if (s.task(framework.getId().getValue(), task.getTaskId().getValue()).isPresent()) {
      LOG.info("run_task for a task already here framework={} task={}; ignored", framework.getId().getValue(),
          task.getTaskId().getValue());
      return;
    }
    Launches.ensureFramework(s, framework);
    if (task.hasExecutor()) {
      customExecutors.launch(framework, task.getExecutor(), List.of(task), false);
      return;
    }
    ExecutorInfo info = CommandTasks.commandExecutorInfo(framework, task);
    ExecutorRun executor = Launches.newExecutor(s, framework.getId(), info, Kind.COMMAND);
    commandTasks.runTask(framework, task, executor);
  }

  private void runTaskGroup(FrameworkInfo framework, ExecutorInfo executorInfo, List<TaskInfo> tasks) {
    for (TaskInfo t : tasks) {
      if (s.task(framework.getId().getValue(), t.getTaskId().getValue()).isPresent()) {
        LOG.info("run_task_group for tasks already here framework={} task={}; ignored",
            framework.getId().getValue(), t.getTaskId().getValue());
        return;
      }
    }
    Launches.ensureFramework(s, framework);
    boolean custom = executorInfo.getType() == ExecutorInfo.Type.CUSTOM
        || (!executorInfo.hasType() && executorInfo.hasCommand());
    if (custom) {
      customExecutors.launch(framework, executorInfo, tasks, true);
      return;
    }
    ExecutorRun executor = s.executor(framework.getId().getValue(), executorInfo.getExecutorId().getValue())
        .filter(e -> e.kind == Kind.DEFAULT && !e.tasks.isEmpty())
        .orElseGet(() -> Launches.newExecutor(s, framework.getId(), executorInfo, Kind.DEFAULT));
    commandTasks.runGroup(executor, tasks);
  }

  private void killTask(MasterToAgent.KillTask kill) {
    String fid = kill.getFrameworkId().getValue();
    Optional<TaskRun> task = s.task(fid, kill.getTaskId().getValue());
    if (task.isEmpty() || task.get().terminal()) {
      LOG.info("kill for a task that is not running here framework={} task={}; ignored", fid,
          kill.getTaskId().getValue());
      return;
    }
    TaskRun t = task.get();
    Optional<KillPolicy> policy = kill.hasKillPolicy() ? Optional.of(kill.getKillPolicy())
        : t.info.hasKillPolicy() ? Optional.of(t.info.getKillPolicy()) : Optional.empty();
    ExecutorRun executor = s.executorOf(t).orElseThrow();
    if (executor.kind == Kind.CUSTOM) {
      customExecutors.kill(executor, t, policy);
    } else {
      commandTasks.killTask(t, grace(policy));
    }
  }

  private Duration grace(Optional<KillPolicy> policy) {
    return policy.filter(KillPolicy::hasGracePeriod)
        .map(p -> Duration.ofNanos(p.getGracePeriod().getNanoseconds()))
        .orElse(s.config.killGracePeriod());
  }

  private void shutdownFramework(String frameworkId) {
    LOG.info("shutting down framework={}", frameworkId);
    for (ExecutorRun e : List.copyOf(s.executors.getOrDefault(frameworkId, Map.of()).values())) {
      shutdownExecutor(e);
    }
  }

  private void shutdownExecutor(ExecutorRun executor) {
    if (executor.kind == Kind.CUSTOM) {
      customExecutors.shutdown(executor);
    } else {
      for (TaskRun t : List.copyOf(executor.tasks.values())) {
        commandTasks.killTask(t, s.config.killGracePeriod());
      }
    }
  }

  private void acknowledge(MasterToAgent.StatusUpdateAcknowledgement ack) {
    Optional<io.talus.mesos.v1.Protos.TaskStatus> acked = s.updates.acknowledge(ack.getFrameworkId(),
        ack.getTaskId(), ack.getUuid(), s.checkpoint.batch());
    if (acked.isEmpty()) {
      return;
    }
    s.task(ack.getFrameworkId().getValue(), ack.getTaskId().getValue()).ifPresent(this::taskEnded);
  }

  // ---- completion ----

  /** A task reached a terminal state, or one of its updates was acknowledged. */
  private void taskEnded(TaskRun task) {
    if (!task.terminal() || s.updates.hasPending(task.frameworkId, task.info.getTaskId())) {
      return;
    }
    Optional<ExecutorRun> executor = s.executorOf(task);
    s.checkpoint.batch().removeTask(task.frameworkId, task.info.getTaskId()).commit();
    if (executor.isEmpty()) {
      return;
    }
    executor.get().complete(task);
    LOG.info("task complete framework={} executor={} task={} state={}", task.frameworkId.getValue(),
        executor.get().id(), task.id(), task.state());
    executorEnded(executor.get());
  }

  /** Forgets an executor with nothing left to do, and its framework when that was the last one. */
  private void executorEnded(ExecutorRun executor) {
    if (!executor.done()) {
      return;
    }
    String fid = executor.frameworkId.getValue();
    Map<String, ExecutorRun> byId = s.executors.get(fid);
    if (byId == null || byId.get(executor.id()) != executor) {
      return;
    }
    byId.remove(executor.id());
    AgentCheckpoint.Batch batch = s.checkpoint.batch().removeExecutor(executor.frameworkId,
        executor.info.getExecutorId());
    java.util.Deque<ExecutorRun> completed = s.completedExecutors.computeIfAbsent(fid,
        k -> new ArrayDeque<>());
    completed.addLast(executor);
    while (completed.size() > ExecutorRun.COMPLETED_TASKS_KEPT) {
      completed.removeFirst();
    }
    if (byId.isEmpty()) {
      s.executors.remove(fid);
      FrameworkInfo framework = s.frameworks.remove(fid);
      batch.removeFramework(executor.frameworkId);
      if (framework != null) {
        s.completedFrameworks.addLast(framework);
        while (s.completedFrameworks.size() > AgentState.COMPLETED_FRAMEWORKS_KEPT) {
          FrameworkInfo gone = s.completedFrameworks.removeFirst();
          s.completedExecutors.remove(gone.getId().getValue());
        }
      }
    }
    batch.commit();
    LOG.info("executor done framework={} executor={}", fid, executor.id());
  }

  // ---- the executor API ----

  /** A validated executor call; answers through {@code responder}. */
  public void executorCall(Call call, MediaType responseType, HttpResponder responder) {
    s.loop.execute(() -> ExecutorCalls.handle(s, customExecutors, call, responseType, responder));
  }
}
