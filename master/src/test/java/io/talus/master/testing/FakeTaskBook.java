package io.talus.master.testing;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.AgentToMaster;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The tasks a {@link FakeAgent} "runs" and its status update manager, as Mesos's works: per task
 * a queue of updates of which only the first is in flight, sent again until the master
 * acknowledges it; only then does the next one go out. Thread-safe.
 */
final class FakeTaskBook {

  static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
      TaskState.TASK_KILLED, TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_DROPPED,
      TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);

  /** An update to send: the first unacknowledged one of a task. */
  record Outgoing(FrameworkID frameworkId, TaskStatus status) {}

  private static final class Entry {
    final FrameworkID frameworkId;
    final TaskInfo task;
    TaskStatus latest;
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    long lastSentNanos;

    Entry(FrameworkID frameworkId, TaskInfo task) {
      this.frameworkId = frameworkId;
      this.task = task;
    }
  }

  private final Supplier<String> agentId;
  private final Consumer<String> newHead;
  private final Map<String, Entry> tasks = new LinkedHashMap<>(); // guarded by this

  /**
   * @param agentId the agent's id, stamped on every update
   * @param newHead told (with the task's key) when a task has a new first update to send
   */
  FakeTaskBook(Supplier<String> agentId, Consumer<String> newHead) {
    this.agentId = agentId;
    this.newHead = newHead;
  }

  static String key(FrameworkID frameworkId, String taskId) {
    return frameworkId.getValue() + "/" + taskId;
  }

  /** A new task: TASK_STARTING then TASK_RUNNING. False if it is known already (a launch sent again). */
  boolean launch(FrameworkID frameworkId, TaskInfo task) {
    String key = key(frameworkId, task.getTaskId().getValue());
    synchronized (this) {
      if (tasks.containsKey(key)) {
        return false;
      }
      Entry e = new Entry(frameworkId, task);
      tasks.put(key, e);
      enqueue(e, TaskState.TASK_STARTING, null);
      enqueue(e, TaskState.TASK_RUNNING, null);
    }
    newHead.accept(key);
    return true;
  }

  /** A new state for the tasks that match (none once a task is terminal). */
  void update(Predicate<String> keys, TaskState state, String message) {
    List<String> woken = new ArrayList<>();
    synchronized (this) {
      tasks.forEach((key, e) -> {
        if (keys.test(key) && enqueue(e, state, message)) {
          woken.add(key);
        }
      });
    }
    woken.forEach(newHead);
  }

  /** True when the update became the task's first unacknowledged one. */
  private boolean enqueue(Entry e, TaskState state, String message) {
    if (e.latest != null && TERMINAL.contains(e.latest.getState())) {
      return false;
    }
    UUID uuid = UUID.randomUUID();
    TaskStatus.Builder status = TaskStatus.newBuilder()
        .setTaskId(e.task.getTaskId())
        .setState(state)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setAgentId(AgentID.newBuilder().setValue(agentId.get()))
        .setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(ByteString.copyFrom(ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array()));
    if (message != null) {
      status.setMessage(message);
    }
    e.latest = status.build();
    e.pending.addLast(e.latest);
    return e.pending.size() == 1;
  }

  /** The master's acknowledgement: the task's first update is done; the next one may go out. */
  void acknowledged(FrameworkID frameworkId, String taskId, ByteString uuid) {
    String key = key(frameworkId, taskId);
    synchronized (this) {
      Entry e = tasks.get(key);
      if (e == null || e.pending.isEmpty() || !e.pending.peekFirst().getUuid().equals(uuid)) {
        return; // a duplicate acknowledgement
      }
      e.pending.removeFirst();
      if (e.pending.isEmpty()) {
        return;
      }
    }
    newHead.accept(key);
  }

  /** The task's first unacknowledged update, marked as sent now; empty when there is none. */
  synchronized Optional<Outgoing> takeHead(String key) {
    Entry e = tasks.get(key);
    if (e == null || e.pending.isEmpty()) {
      return Optional.empty();
    }
    e.lastSentNanos = System.nanoTime();
    return Optional.of(new Outgoing(e.frameworkId, e.pending.peekFirst()));
  }

  /** Tasks whose first update has waited for its acknowledgement at least {@code retryNanos}. */
  synchronized List<String> due(long retryNanos) {
    long now = System.nanoTime();
    List<String> due = new ArrayList<>();
    tasks.forEach((key, e) -> {
      if (!e.pending.isEmpty() && now - e.lastSentNanos >= retryNanos) {
        due.add(key);
      }
    });
    return due;
  }

  synchronized List<String> keys() {
    return List.copyOf(tasks.keySet());
  }

  /** What a reregistration reports: every task still running or with updates in flight. */
  synchronized List<AgentToMaster.ReportedTask> report() {
    List<AgentToMaster.ReportedTask> report = new ArrayList<>();
    for (Entry e : tasks.values()) {
      if (!TERMINAL.contains(e.latest.getState()) || !e.pending.isEmpty()) {
        report.add(AgentToMaster.ReportedTask.newBuilder()
            .setFrameworkId(e.frameworkId).setTask(e.task).setLatestStatus(e.latest).build());
      }
    }
    return report;
  }

  synchronized Map<String, TaskState> states() {
    Map<String, TaskState> out = new LinkedHashMap<>();
    tasks.values().forEach(e -> out.put(e.task.getTaskId().getValue(), e.latest.getState()));
    return out;
  }

  synchronized int pending() {
    return tasks.values().stream().mapToInt(e -> e.pending.size()).sum();
  }

  synchronized int pending(String taskId) {
    return tasks.values().stream().filter(e -> e.task.getTaskId().getValue().equals(taskId))
        .mapToInt(e -> e.pending.size()).sum();
  }

  synchronized void forget(String taskId) {
    tasks.values().removeIf(e -> e.task.getTaskId().getValue().equals(taskId));
  }

  /** Keys of this task id, whatever its framework. */
  static Predicate<String> taskId(String taskId) {
    return key -> key.endsWith("/" + taskId);
  }
}
