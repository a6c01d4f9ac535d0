package io.talus.agent.core;

import io.talus.agent.containerizer.LaunchedProcess;
import io.talus.http.EventStream;
import io.talus.http.MediaType;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.protocol.agent.CheckpointedExecutor;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import io.talus.protocol.agent.ProcessRecord;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One run (container) of an executor: the built-in command executor of one task, the built-in
 * default executor of a task group, or a custom executor process speaking the v1 executor API.
 */
final class ExecutorRun {

  /** How many ended tasks an executor remembers for {@code /state}. */
  static final int COMPLETED_TASKS_KEPT = 100;

  final FrameworkID frameworkId;
  final ExecutorInfo info;
  final String containerId;
  final Kind kind;
  final Path directory;
  /** Tasks not yet complete (running, or ended with updates still unacknowledged), by id. */
  final Map<String, TaskRun> tasks = new LinkedHashMap<>();
  final Deque<TaskRun> completed = new ArrayDeque<>();
  /** Custom executors: LAUNCH / LAUNCH_GROUP events waiting for SUBSCRIBE, in order. */
  final List<QueuedLaunch> queued = new ArrayList<>();
  LaunchedProcess process;
  ProcessRecord processRecord;
  EventStream connection;
  MediaType connectionType;
  ScheduledFuture<?> subscribeTimer;
  /** Recovered after an agent restart: SUBSCRIBE must say which launched tasks it knows. */
  boolean recovered;
  boolean shuttingDown;
  boolean exited;

  /** A LAUNCH (one task) or LAUNCH_GROUP waiting for the executor to subscribe. */
  record QueuedLaunch(List<TaskRun> tasks, boolean group) {
    QueuedLaunch {
      tasks = List.copyOf(tasks);
    }
  }

  ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, String containerId, Kind kind, Path directory) {
    this.frameworkId = frameworkId;
    this.info = info;
    this.containerId = containerId;
    this.kind = kind;
    this.directory = directory;
  }

  String id() {
    return info.getExecutorId().getValue();
  }

  boolean connected() {
    return connection != null && connection.isOpen();
  }

  /** No task left and, for a custom executor, its process gone. */
  boolean done() {
    return tasks.isEmpty() && queued.isEmpty() && (kind != Kind.CUSTOM || exited);
  }

  void complete(TaskRun task) {
    tasks.remove(task.id());
    completed.addLast(task);
    while (completed.size() > COMPLETED_TASKS_KEPT) {
      completed.removeFirst();
    }
  }

  CheckpointedExecutor checkpoint() {
    CheckpointedExecutor.Builder b = CheckpointedExecutor.newBuilder().setFrameworkId(frameworkId)
        .setExecutorInfo(info).setContainerId(containerId).setKind(kind).setDirectory(directory.toString());
    if (processRecord != null) {
      b.setProcess(processRecord);
    }
    return b.build();
  }
}
