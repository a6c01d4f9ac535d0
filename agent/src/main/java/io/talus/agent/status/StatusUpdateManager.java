package io.talus.agent.status;

import com.google.protobuf.ByteString;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedUpdates;
import io.talus.protocol.tasks.TaskStates;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesos's task status update manager ({@code src/slave/task_status_update_manager.cpp}): each
 * task's updates are delivered to its framework reliably and in order. An update is checkpointed
 * before it is sent; only the head of a task's queue is in flight, re-sent with exponential backoff
 * until the framework's acknowledgement of its uuid comes back through the master; then the next
 * one goes out at once.
 *
 * <p>Pure and single-threaded: the agent's event loop owns it, calls {@link #retryDue()} on its
 * timer, and supplies time through {@code monoNanos}. After {@link #recover} nothing is sent until
 * {@link #resendAll()} (the agent has re-registered), as Mesos pauses the manager while the agent
 * has no master.
 */
public final class StatusUpdateManager {

  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

  /** Where updates go: towards the leading master, which relays them to the framework. */
  public interface Sink {
    void send(FrameworkID frameworkId, TaskStatus status);
  }

  private record TaskKey(FrameworkID frameworkId, TaskID taskId) {}

  private final Sink sink;
  private final LongSupplier monoNanos;
  private final long initialRetryNanos;
  private final long maxRetryNanos;
  // Insertion order: heads are re-sent in a stable order, which keeps runs reproducible.
  private final Map<TaskKey, TaskStatusUpdateStream> streams = new LinkedHashMap<>();
  private boolean paused;

  public StatusUpdateManager(
      Sink sink, LongSupplier monoNanos, Duration initialRetry, Duration maxRetry) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.monoNanos = Objects.requireNonNull(monoNanos, "monoNanos");
    if (initialRetry.isNegative() || initialRetry.isZero()) {
      throw new IllegalArgumentException("initialRetry must be positive: " + initialRetry);
    }
    if (maxRetry.compareTo(initialRetry) < 0) {
      throw new IllegalArgumentException(
          "maxRetry " + maxRetry + " is shorter than initialRetry " + initialRetry);
    }
    this.initialRetryNanos = initialRetry.toNanos();
    this.maxRetryNanos = maxRetry.toNanos();
  }

  /**
   * Queues an update of a task ({@code status.uuid} must be set, 16 bytes). Adds the task's new
   * queue to {@code batch} (putUpdates) and commits the batch — the caller may have put the task's
   * record in it already — then sends the update if it became the head. Returns false (writing
   * nothing, committing nothing) for a duplicate uuid.
   *
   * @throws io.talus.agent.checkpoint.CheckpointException when the commit fails
   */
  public boolean update(FrameworkID frameworkId, TaskStatus status, AgentCheckpoint.Batch batch) {
    Objects.requireNonNull(frameworkId, "frameworkId");
    if (!status.hasUuid() || status.getUuid().size() != 16) {
      throw new IllegalArgumentException(
          "status update of task " + status.getTaskId().getValue() + " needs a 16-byte uuid");
    }
    TaskKey key = new TaskKey(frameworkId, status.getTaskId());
    TaskStatusUpdateStream stream = streams.get(key);
    if (stream != null && stream.isPending(status.getUuid())) {
      log("Ignoring duplicate status update", frameworkId, status, " (already queued)");
      return false;
    }
    if (stream != null && stream.wasAcknowledged(status.getUuid())) {
      log("Ignoring duplicate status update", frameworkId, status, " (already acknowledged)");
      return false;
    }
    if (stream == null) {
      stream = new TaskStatusUpdateStream(frameworkId, status.getTaskId());
    }
    batch.putUpdates(stream.withAppended(status)).commit();
    streams.putIfAbsent(key, stream);
    stream.append(status);
    log("Checkpointed status update", frameworkId, status, " (" + stream.size() + " pending)");
    if (stream.size() == 1 && !paused) {
      send(stream, initialRetryNanos, "Forwarding status update");
    }
    return true;
  }

  /**
   * The framework acknowledged {@code uuid}: pops the head (if it matches), checkpoints the queue
   * in {@code batch} and commits it, sends the next head. Returns the acknowledged status, or empty
   * when uuid is not the head (then nothing is written or committed).
   */
  public Optional<TaskStatus> acknowledge(
      FrameworkID frameworkId, TaskID taskId, ByteString uuid, AgentCheckpoint.Batch batch) {
    TaskKey key = new TaskKey(frameworkId, taskId);
    TaskStatusUpdateStream stream = streams.get(key);
    String ignoring = "Ignoring acknowledgement " + uuidText(uuid) + " for task "
        + taskId.getValue() + " of framework " + frameworkId.getValue();
    if (stream == null) {
      LOG.warn("{}: the task has no status update stream", ignoring);
      return Optional.empty();
    }
    if (stream.isEmpty() || !stream.head().getUuid().equals(uuid)) {
      String why = stream.wasAcknowledged(uuid)
          ? "it was acknowledged already"
          : stream.isPending(uuid)
              ? "it is not the update in flight (" + uuidText(stream.head().getUuid()) + ")"
              : "no such update is pending";
      LOG.warn("{}: {}", ignoring, why);
      return Optional.empty();
    }
    batch.putUpdates(stream.withoutHead()).commit();
    TaskStatus acknowledged = stream.popHead();
    log("Received acknowledgement of status update", frameworkId, acknowledged,
        " (" + stream.size() + " pending)");
    if (!stream.isEmpty()) {
      if (!paused) {
        send(stream, initialRetryNanos, "Forwarding status update");
      }
    } else if (TaskStates.isTerminal(acknowledged.getState())) {
      // As Mesos closes a stream once its terminal update is acknowledged: the task is done,
      // and keeping its stream for duplicate detection would grow with every task ever run.
      streams.remove(key);
    }
    return Optional.of(acknowledged);
  }

  /** Timer tick: re-sends every head whose retry time has come, doubling that task's interval. */
  public void retryDue() {
    if (paused) {
      return;
    }
    long now = monoNanos.getAsLong();
    for (TaskStatusUpdateStream stream : streams.values()) {
      if (!stream.isEmpty() && now - stream.retryAtNanos >= 0) {
        send(stream, Math.min(stream.intervalNanos * 2, maxRetryNanos), "Resending status update");
      }
    }
  }

  /** After the agent (re)registers: sends every head now and resets the backoff. */
  public void resendAll() {
    paused = false;
    for (TaskStatusUpdateStream stream : streams.values()) {
      if (!stream.isEmpty()) {
        send(stream, initialRetryNanos, "Resending status update");
      }
    }
  }

  /**
   * At start-up after a crash: the queues as checkpointed; nothing is sent until {@link
   * #resendAll()}. Comes before any other call.
   */
  public void recover(List<CheckpointedUpdates> updates) {
    if (!streams.isEmpty()) {
      throw new IllegalStateException("recover() must come before any status update");
    }
    paused = true;
    for (CheckpointedUpdates record : updates) {
      TaskKey key = new TaskKey(record.getFrameworkId(), record.getTaskId());
      if (record.getPendingCount() == 0) {
        continue;
      }
      if (streams.containsKey(key)) {
        throw new IllegalArgumentException(
            "two checkpointed queues for task " + record.getTaskId().getValue()
                + " of framework " + record.getFrameworkId().getValue());
      }
      TaskStatusUpdateStream stream =
          new TaskStatusUpdateStream(record.getFrameworkId(), record.getTaskId());
      record.getPendingList().forEach(stream::append);
      streams.put(key, stream);
      log("Recovered status update", record.getFrameworkId(), stream.head(),
          " (" + stream.size() + " pending)");
    }
  }

  /** The task's unacknowledged updates, oldest first. */
  public List<TaskStatus> pending(FrameworkID frameworkId, TaskID taskId) {
    TaskStatusUpdateStream stream = streams.get(new TaskKey(frameworkId, taskId));
    return stream == null ? List.of() : stream.pending();
  }

  public boolean hasPending(FrameworkID frameworkId, TaskID taskId) {
    TaskStatusUpdateStream stream = streams.get(new TaskKey(frameworkId, taskId));
    return stream != null && !stream.isEmpty();
  }

  /** Unacknowledged updates over all tasks. */
  public int pendingCount() {
    return streams.values().stream().mapToInt(TaskStatusUpdateStream::size).sum();
  }

  /**
   * Drops every queue of the framework (after it was removed); written into {@code batch},
   * committed by the caller.
   */
  public void forgetFramework(FrameworkID frameworkId, AgentCheckpoint.Batch batch) {
    Iterator<TaskStatusUpdateStream> it = streams.values().iterator();
    while (it.hasNext()) {
      TaskStatusUpdateStream stream = it.next();
      if (stream.frameworkId.equals(frameworkId)) {
        batch.removeUpdates(frameworkId, stream.taskId);
        if (!stream.isEmpty()) {
          LOG.info(
              "Dropping {} status update(s) of task {} of removed framework {}",
              stream.size(), stream.taskId.getValue(), frameworkId.getValue());
        }
        it.remove();
      }
    }
  }

  private void send(TaskStatusUpdateStream stream, long nextIntervalNanos, String event) {
    stream.intervalNanos = nextIntervalNanos;
    stream.retryAtNanos = monoNanos.getAsLong() + nextIntervalNanos;
    TaskStatus head = stream.head();
    log(event, stream.frameworkId, head, "");
    sink.send(stream.frameworkId, head);
  }

  private static void log(String event, FrameworkID frameworkId, TaskStatus status, String more) {
    LOG.info(
        "{} {} ({}) for task {} of framework {}{}",
        event,
        status.getState(),
        uuidText(status.getUuid()),
        status.getTaskId().getValue(),
        frameworkId.getValue(),
        more);
  }

  static String uuidText(ByteString uuid) {
    if (uuid.size() != 16) {
      return "0x" + HexFormat.of().formatHex(uuid.toByteArray());
    }
    ByteBuffer bytes = uuid.asReadOnlyByteBuffer();
    return new UUID(bytes.getLong(), bytes.getLong()).toString();
  }
}
