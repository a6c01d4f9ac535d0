package io.talus.agent.status;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedUpdates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The updates of one task (Mesos's {@code TaskStatusUpdateStream}): those not acknowledged yet,
 * oldest first, the uuids acknowledged lately, and the retry timer of the head.
 */
final class TaskStatusUpdateStream {

  /** How many acknowledged uuids are remembered to recognise a duplicate update. */
  static final int RECENT_ACKS = 16;

  final FrameworkID frameworkId;
  final TaskID taskId;
  private final Deque<TaskStatus> pending = new ArrayDeque<>();
  private final Deque<ByteString> acknowledged = new ArrayDeque<>();

  /** When the head is to be re-sent, on the manager's monotonic clock; set when it is sent. */
  long retryAtNanos;
  /** The wait after the next send of the head. */
  long intervalNanos;

  TaskStatusUpdateStream(FrameworkID frameworkId, TaskID taskId) {
    this.frameworkId = frameworkId;
    this.taskId = taskId;
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  int size() {
    return pending.size();
  }

  TaskStatus head() {
    return pending.peekFirst();
  }

  List<TaskStatus> pending() {
    return List.copyOf(pending);
  }

  boolean isPending(ByteString uuid) {
    return pending.stream().anyMatch(s -> s.getUuid().equals(uuid));
  }

  boolean wasAcknowledged(ByteString uuid) {
    return acknowledged.contains(uuid);
  }

  /** The record of the queue as it will be after appending {@code status}. */
  CheckpointedUpdates withAppended(TaskStatus status) {
    List<TaskStatus> next = new ArrayList<>(pending);
    next.add(status);
    return record(next);
  }

  /** The record of the queue as it will be after popping the head. */
  CheckpointedUpdates withoutHead() {
    List<TaskStatus> next = new ArrayList<>(pending);
    next.remove(0);
    return record(next);
  }

  void append(TaskStatus status) {
    pending.addLast(status);
  }

  TaskStatus popHead() {
    TaskStatus head = pending.removeFirst();
    acknowledged.addLast(head.getUuid());
    if (acknowledged.size() > RECENT_ACKS) {
      acknowledged.removeFirst();
    }
    return head;
  }

  private CheckpointedUpdates record(List<TaskStatus> statuses) {
    return CheckpointedUpdates.newBuilder()
        .setFrameworkId(frameworkId)
        .setTaskId(taskId)
        .addAllPending(statuses)
        .build();
  }
}
