package io.talus.agent.core;

import com.google.protobuf.ByteString;
import io.talus.agent.AgentConfig;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.agent.containerizer.ProcessLauncher;
import io.talus.agent.master.MasterChannel;
import io.talus.agent.sandbox.SandboxLayout;
import io.talus.agent.state.AgentView;
import io.talus.agent.status.StatusUpdateManager;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.AgentToMaster;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's mutable state and the one way a task's state changes ({@link #emit}), shared by the
 * parts of the agent core. Owned by the {@link AgentLoop} thread.
 */
final class AgentState {

  private static final Logger LOG = LoggerFactory.getLogger(AgentState.class);

  /** How many ended frameworks the agent remembers for {@code /state}. */
  static final int COMPLETED_FRAMEWORKS_KEPT = 50;

  /** Launches in parallel: each mostly waits on fork/exec and the supervisor's pid file. */
  static final int LAUNCH_THREADS = 4;

  static ExecutorService launchPool() {
    return Executors.newFixedThreadPool(LAUNCH_THREADS, r -> {
      Thread t = new Thread(r, "talus-agent-launch");
      t.setDaemon(true);
      return t;
    });
  }

  final AgentConfig config;
  final AgentLoop loop;
  final AgentCheckpoint checkpoint;
  final ProcessLauncher launcher;
  final SandboxLayout layout;
  final String endpoint;
  final String version;
  final StatusUpdateManager updates;
  /** Where task processes are started, off the loop (a few fork/execs each). */
  final Executor launches;
  MasterChannel link;
  /** This agent process's gossip incarnation, sent when registering. */
  String incarnation = "";
  AgentInfo agentInfo;
  final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
  /** Executors by framework id, then executor id. */
  final Map<String, Map<String, ExecutorRun>> executors = new LinkedHashMap<>();
  final Deque<FrameworkInfo> completedFrameworks = new ArrayDeque<>();
  final Map<String, Deque<ExecutorRun>> completedExecutors = new LinkedHashMap<>();
  boolean recovering = true;
  boolean registered;
  long tasksFinished;
  long tasksFailed;
  long tasksKilled;
  long tasksLost;
  long validStatusUpdates;
  long invalidStatusUpdates;
  long validFrameworkMessages;
  long invalidFrameworkMessages;
  long executorsTerminated;
  long recoveryErrors;

  AgentState(AgentConfig config, AgentLoop loop, AgentCheckpoint checkpoint, ProcessLauncher launcher,
      String endpoint, String version, AgentInfo agentInfo, StatusUpdateManager.Sink sink, Executor launches) {
    this.config = config;
    this.loop = loop;
    this.checkpoint = checkpoint;
    this.launcher = launcher;
    this.layout = new SandboxLayout(config.workDir());
    this.endpoint = endpoint;
    this.version = version;
    this.agentInfo = agentInfo;
    this.launches = launches;
    this.updates = new StatusUpdateManager(sink, System::nanoTime, config.statusUpdateRetryMin(),
        config.statusUpdateRetryMax());
  }

  Optional<String> agentId() {
    return agentInfo.hasId() ? Optional.of(agentInfo.getId().getValue()) : Optional.empty();
  }

  AgentID agentIdProto() {
    return agentInfo.getId();
  }

  Optional<ExecutorRun> executor(String frameworkId, String executorId) {
    return Optional.ofNullable(executors.getOrDefault(frameworkId, Map.of()).get(executorId));
  }

  Optional<TaskRun> task(String frameworkId, String taskId) {
    for (ExecutorRun e : executors.getOrDefault(frameworkId, Map.of()).values()) {
      TaskRun t = e.tasks.get(taskId);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  Optional<ExecutorRun> executorOf(TaskRun task) {
    return executor(task.frameworkId.getValue(), task.executorId.getValue());
  }

  /** Sends a message on the master stream, if one is open; the caller must not rely on it. */
  boolean toMaster(AgentToMaster message) {
    return link != null && link.send(message);
  }

  /**
   * The agent's own status update for a task it runs (command and default executors, and the
   * updates it makes up when an executor dies): stamped, checkpointed with the task, then handed
   * to the status update manager.
   */
  void emit(TaskRun task, TaskState state, String message, TaskStatus.Reason reason, TaskStatus.Source source) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(task.info.getTaskId()).setState(state)
        .setSource(source).setExecutorId(task.executorId).setTimestamp(nowSeconds()).setUuid(newUuid());
    if (agentInfo.hasId()) {
      status.setAgentId(agentInfo.getId());
    }
    if (message != null) {
      status.setMessage(message);
    }
    if (reason != null) {
      status.setReason(reason);
    }
    record(task, status.build());
  }

  /**
   * Makes {@code status} the task's latest and queues it for the master, checkpointing both in one
   * write. Returns false when it was a duplicate (same uuid) and nothing changed.
   */
  boolean record(TaskRun task, TaskStatus status) {
    TaskStatus previous = task.latest;
    task.latest = status;
    AgentCheckpoint.Batch batch = checkpoint.batch().putTask(task.checkpoint());
    if (!updates.update(task.frameworkId, status, batch)) {
      task.latest = previous;
      return false;
    }
    task.statuses.add(status);
    count(status.getState());
    LOG.info("task status agent={} framework={} executor={} task={} state={} uuid={}{}", agentId().orElse("-"),
        task.frameworkId.getValue(), task.executorId.getValue(), task.id(), status.getState(),
        uuidText(status.getUuid()), status.hasMessage() ? " message=\"" + status.getMessage() + "\"" : "");
    return true;
  }

  private void count(TaskState state) {
    switch (state) {
      case TASK_FINISHED -> tasksFinished++;
      case TASK_FAILED -> tasksFailed++;
      case TASK_KILLED -> tasksKilled++;
      case TASK_LOST, TASK_DROPPED, TASK_GONE -> tasksLost++;
      default -> { }
    }
  }

  void checkpointTask(TaskRun task) {
    checkpoint.batch().putTask(task.checkpoint()).commit();
  }

  static double nowSeconds() {
    return System.currentTimeMillis() / 1000.0;
  }

  static ByteString newUuid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return ByteString.copyFrom(b.array());
  }

  static String uuidText(ByteString uuid) {
    if (uuid.size() != 16) {
      return uuid.toStringUtf8();
    }
    ByteBuffer b = uuid.asReadOnlyByteBuffer();
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  AgentView.Counters counters() {
    return new AgentView.Counters(tasksFinished, tasksFailed, tasksKilled, tasksLost, validStatusUpdates,
        invalidStatusUpdates, validFrameworkMessages, invalidFrameworkMessages, executorsTerminated,
        recoveryErrors);
  }
}
