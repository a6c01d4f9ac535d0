package io.talus.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedTask;
import io.talus.protocol.agent.CheckpointedUpdates;
import io.talus.storage.InMemoryKeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusUpdateManagerTest {

  private static final Duration INITIAL = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofSeconds(60);
  private static final FrameworkID F1 = FrameworkID.newBuilder().setValue("f1").build();
  private static final FrameworkID F2 = FrameworkID.newBuilder().setValue("f2").build();
  private static final TaskID T1 = taskId("t1");
  private static final TaskID T2 = taskId("t2");

  private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  private final List<Sent> sent = new ArrayList<>();
  // Starts far from zero and near overflow: the manager must only compare differences.
  private long now = Long.MAX_VALUE - Duration.ofMinutes(1).toNanos();
  private int nextUuid = 1;
  private AgentCheckpoint checkpoint;
  private StatusUpdateManager manager;

  private record Sent(FrameworkID frameworkId, TaskStatus status, long atNanos) {}

  @BeforeEach
  void start() throws IOException {
    checkpoint = AgentCheckpoint.over(store);
    manager = newManager();
  }

  private StatusUpdateManager newManager() {
    return new StatusUpdateManager(this::send, () -> now, INITIAL, MAX);
  }

  /** The sink checks, as each update goes out, that it is checkpointed and is its task's head. */
  private void send(FrameworkID frameworkId, TaskStatus status) {
    assertThat(checkpointed(frameworkId, status.getTaskId()))
        .as("checkpointed queue of %s when sending it", status.getTaskId().getValue())
        .first()
        .isEqualTo(status);
    sent.add(new Sent(frameworkId, status, now));
  }

  @Test
  void anUpdateIsCheckpointedThenSent() {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);

    assertThat(manager.update(F1, running, checkpoint.batch())).isTrue();

    assertThat(sentStatuses()).containsExactly(running);
    assertThat(sent.get(0).frameworkId()).isEqualTo(F1);
    assertThat(checkpointed(F1, T1)).containsExactly(running);
    assertThat(manager.pending(F1, T1)).containsExactly(running);
    assertThat(manager.hasPending(F1, T1)).isTrue();
    assertThat(manager.pendingCount()).isEqualTo(1);
  }

  @Test
  void updateCommitsTheCallersBatchWithTheQueue() throws IOException {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    AgentCheckpoint.Batch batch = checkpoint.batch().putTask(task(T1, running));

    manager.update(F1, running, batch);

    assertThat(batch.isEmpty()).isTrue();
    assertThat(checkpoint.load().tasks()).containsExactly(task(T1, running));
    assertThat(checkpointed(F1, T1)).containsExactly(running);
  }

  @Test
  void aTasksUpdatesGoOutOneAtATimeInOrder() {
    TaskStatus starting = status(T1, TaskState.TASK_STARTING);
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus finished = status(T1, TaskState.TASK_FINISHED);
    manager.update(F1, starting, checkpoint.batch());
    manager.update(F1, running, checkpoint.batch());
    manager.update(F1, finished, checkpoint.batch());

    assertThat(sentStatuses()).containsExactly(starting);
    assertThat(checkpointed(F1, T1)).containsExactly(starting, running, finished);

    assertThat(manager.acknowledge(F1, T1, starting.getUuid(), checkpoint.batch()))
        .contains(starting);
    assertThat(sentStatuses()).containsExactly(starting, running);
    assertThat(checkpointed(F1, T1)).containsExactly(running, finished);

    assertThat(manager.acknowledge(F1, T1, running.getUuid(), checkpoint.batch()))
        .contains(running);
    assertThat(sentStatuses()).containsExactly(starting, running, finished);
    assertThat(checkpointed(F1, T1)).containsExactly(finished);

    assertThat(manager.acknowledge(F1, T1, finished.getUuid(), checkpoint.batch()))
        .contains(finished);
    assertThat(sentStatuses()).containsExactly(starting, running, finished);
    assertThat(checkpointed(F1, T1)).isEmpty();
    assertThat(manager.hasPending(F1, T1)).isFalse();
    assertThat(manager.pendingCount()).isZero();
  }

  @Test
  void tasksAreIndependent() {
    TaskStatus t1Running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus t1Finished = status(T1, TaskState.TASK_FINISHED);
    TaskStatus t2Running = status(T2, TaskState.TASK_RUNNING);
    TaskStatus otherT1Running = status(T1, TaskState.TASK_RUNNING);
    manager.update(F1, t1Running, checkpoint.batch());
    manager.update(F1, t1Finished, checkpoint.batch());
    manager.update(F1, t2Running, checkpoint.batch());
    manager.update(F2, otherT1Running, checkpoint.batch());

    assertThat(sentStatuses()).containsExactly(t1Running, t2Running, otherT1Running);
    assertThat(sent.get(2).frameworkId()).isEqualTo(F2);
    assertThat(manager.pendingCount()).isEqualTo(4);

    manager.acknowledge(F1, T2, t2Running.getUuid(), checkpoint.batch());

    assertThat(manager.pending(F1, T1)).containsExactly(t1Running, t1Finished);
    assertThat(manager.pending(F1, T2)).isEmpty();
    assertThat(manager.pending(F2, T1)).containsExactly(otherT1Running);
    assertThat(sent).hasSize(3);
  }

  @Test
  void theHeadIsResentWithBackoffDoublingUpToTheCap() {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    manager.update(F1, running, checkpoint.batch());
    long start = now;

    // Sent at 0; resent after 10, 20, 40, then 60 (the cap) seconds.
    for (long dueSeconds : new long[] {10, 30, 70, 130, 190, 250}) {
      now = start + Duration.ofSeconds(dueSeconds).toNanos() - 1;
      manager.retryDue();
      assertThat(sent).as("before %ss", dueSeconds).hasSize(sentCountBefore(dueSeconds));
      now += 1;
      manager.retryDue();
      assertThat(sent).as("at %ss", dueSeconds).hasSize(sentCountBefore(dueSeconds) + 1);
      assertThat(sent.get(sent.size() - 1).status()).isEqualTo(running);
    }
  }

  private static int sentCountBefore(long dueSeconds) {
    return List.of(10L, 30L, 70L, 130L, 190L, 250L).indexOf(dueSeconds) + 1;
  }

  @Test
  void aLateTickResendsOnceAndCountsTheNextIntervalFromThen() {
    manager.update(F1, status(T1, TaskState.TASK_RUNNING), checkpoint.batch());
    long start = now;

    now = start + Duration.ofSeconds(100).toNanos();
    manager.retryDue();
    manager.retryDue();
    assertThat(sent).hasSize(2);

    now += Duration.ofSeconds(20).toNanos() - 1;
    manager.retryDue();
    assertThat(sent).hasSize(2);
    now += 1;
    manager.retryDue();
    assertThat(sent).hasSize(3);
  }

  @Test
  void anAcknowledgementSendsTheNextAtOnceWithTheInitialInterval() {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus finished = status(T1, TaskState.TASK_FINISHED);
    manager.update(F1, running, checkpoint.batch());
    manager.update(F1, finished, checkpoint.batch());
    for (int i = 0; i < 4; i++) {
      now += MAX.toNanos();
      manager.retryDue();
    }
    assertThat(sentStatuses()).containsOnly(running).hasSize(5);

    manager.acknowledge(F1, T1, running.getUuid(), checkpoint.batch());
    assertThat(sent.get(sent.size() - 1)).isEqualTo(new Sent(F1, finished, now));

    now += INITIAL.toNanos();
    manager.retryDue();
    assertThat(sentStatuses()).endsWith(finished, finished);
  }

  @Test
  void anAcknowledgementOfAnUpdateNotInFlightIsIgnored() throws IOException {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus finished = status(T1, TaskState.TASK_FINISHED);
    manager.update(F1, running, checkpoint.batch());
    manager.update(F1, finished, checkpoint.batch());
    AgentCheckpoint.Batch batch = checkpoint.batch().putTask(task(T1, finished));

    assertThat(manager.acknowledge(F1, T1, finished.getUuid(), batch)).isEmpty();
    assertThat(manager.acknowledge(F1, T1, uuid(999), batch)).isEmpty();
    assertThat(manager.acknowledge(F1, T2, running.getUuid(), batch)).isEmpty();
    assertThat(manager.acknowledge(F2, T1, running.getUuid(), batch)).isEmpty();

    assertThat(batch.isEmpty()).isFalse();
    assertThat(checkpoint.load().tasks()).isEmpty();
    assertThat(checkpointed(F1, T1)).containsExactly(running, finished);
    assertThat(manager.pending(F1, T1)).containsExactly(running, finished);
    assertThat(sentStatuses()).containsExactly(running);
  }

  @Test
  void aSecondAcknowledgementOfTheSameUpdateIsIgnored() {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus killing = status(T1, TaskState.TASK_KILLING);
    manager.update(F1, running, checkpoint.batch());
    manager.update(F1, killing, checkpoint.batch());
    manager.acknowledge(F1, T1, running.getUuid(), checkpoint.batch());

    assertThat(manager.acknowledge(F1, T1, running.getUuid(), checkpoint.batch())).isEmpty();
    assertThat(manager.pending(F1, T1)).containsExactly(killing);
  }

  @Test
  void aDuplicateUpdateIsIgnoredWritingNothing() throws IOException {
    TaskStatus starting = status(T1, TaskState.TASK_STARTING);
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus killing = status(T1, TaskState.TASK_KILLING);
    manager.update(F1, starting, checkpoint.batch());
    manager.update(F1, running, checkpoint.batch());
    manager.update(F1, killing, checkpoint.batch());
    manager.acknowledge(F1, T1, starting.getUuid(), checkpoint.batch());
    int sentBefore = sent.size();
    AgentCheckpoint.Batch batch = checkpoint.batch().putTask(task(T1, killing));

    // The acknowledged one, the one in flight and one queued behind it, resent by an executor.
    assertThat(manager.update(F1, starting, batch)).isFalse();
    assertThat(manager.update(F1, running, batch)).isFalse();
    assertThat(manager.update(F1, killing.toBuilder().setMessage("again").build(), batch))
        .isFalse();

    assertThat(batch.isEmpty()).isFalse();
    assertThat(checkpoint.load().tasks()).isEmpty();
    assertThat(checkpointed(F1, T1)).containsExactly(running, killing);
    assertThat(sent).hasSize(sentBefore);
  }

  @Test
  void onlyTheLast16AcknowledgementsAreRemembered() {
    List<TaskStatus> statuses = new ArrayList<>();
    for (int i = 0; i < TaskStatusUpdateStream.RECENT_ACKS + 1; i++) {
      TaskStatus status = status(T1, TaskState.TASK_RUNNING);
      statuses.add(status);
      manager.update(F1, status, checkpoint.batch());
      manager.acknowledge(F1, T1, status.getUuid(), checkpoint.batch());
    }

    assertThat(manager.update(F1, statuses.get(1), checkpoint.batch())).isFalse();
    assertThat(manager.update(F1, statuses.get(0), checkpoint.batch())).isTrue();
  }

  @Test
  void aTerminalAcknowledgementClosesTheTasksStream() {
    TaskStatus finished = status(T1, TaskState.TASK_FINISHED);
    manager.update(F1, finished, checkpoint.batch());
    manager.acknowledge(F1, T1, finished.getUuid(), checkpoint.batch());

    // Nothing is remembered of a closed stream, as in Mesos: the agent core drops such updates.
    assertThat(manager.update(F1, finished, checkpoint.batch())).isTrue();
    assertThat(sentStatuses()).containsExactly(finished, finished);
  }

  @Test
  void anUpdateNeedsA16ByteUuid() {
    TaskStatus noUuid = status(T1, TaskState.TASK_RUNNING).toBuilder().clearUuid().build();
    TaskStatus shortUuid = noUuid.toBuilder().setUuid(ByteString.copyFromUtf8("short")).build();

    assertThatThrownBy(() -> manager.update(F1, noUuid, checkpoint.batch()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.update(F1, shortUuid, checkpoint.batch()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(manager.pendingCount()).isZero();
  }

  @Test
  void afterARestartTheHeadsAreResentInOrderOnceRegistered() throws IOException {
    TaskStatus t1Starting = status(T1, TaskState.TASK_STARTING);
    TaskStatus t1Running = status(T1, TaskState.TASK_RUNNING);
    TaskStatus t1Failed = status(T1, TaskState.TASK_FAILED);
    TaskStatus t2Running = status(T2, TaskState.TASK_RUNNING);
    manager.update(F1, t1Starting, checkpoint.batch());
    manager.update(F1, t1Running, checkpoint.batch());
    manager.update(F1, t1Failed, checkpoint.batch());
    manager.update(F2, t2Running, checkpoint.batch());
    manager.acknowledge(F1, T1, t1Starting.getUuid(), checkpoint.batch());

    restart();
    manager.recover(checkpoint.load().updates());

    assertThat(manager.pending(F1, T1)).containsExactly(t1Running, t1Failed);
    assertThat(manager.pending(F2, T2)).containsExactly(t2Running);
    now += Duration.ofHours(1).toNanos();
    manager.retryDue();
    assertThat(sent).isEmpty();

    manager.resendAll();
    assertThat(sent)
        .containsExactly(new Sent(F1, t1Running, now), new Sent(F2, t2Running, now));

    manager.acknowledge(F1, T1, t1Running.getUuid(), checkpoint.batch());
    manager.acknowledge(F2, T2, t2Running.getUuid(), checkpoint.batch());
    assertThat(sentStatuses()).containsExactly(t1Running, t2Running, t1Failed);
    assertThat(checkpoint.load().updates())
        .containsExactly(
            CheckpointedUpdates.newBuilder()
                .setFrameworkId(F1)
                .setTaskId(T1)
                .addPending(t1Failed)
                .build());
  }

  @Test
  void whileRecoveredNewUpdatesAndAcknowledgementsAreHeldUntilResendAll() throws IOException {
    TaskStatus running = status(T1, TaskState.TASK_RUNNING);
    manager.update(F1, running, checkpoint.batch());
    restart();
    manager.recover(checkpoint.load().updates());

    TaskStatus t2Running = status(T2, TaskState.TASK_RUNNING);
    TaskStatus finished = status(T1, TaskState.TASK_FINISHED);
    manager.update(F1, t2Running, checkpoint.batch());
    manager.update(F1, finished, checkpoint.batch());
    // The master relays an acknowledgement of the update sent before the crash.
    manager.acknowledge(F1, T1, running.getUuid(), checkpoint.batch());
    assertThat(sent).isEmpty();

    manager.resendAll();
    assertThat(sentStatuses()).containsExactlyInAnyOrder(finished, t2Running);
  }

  @Test
  void resendAllResetsTheBackoff() {
    manager.update(F1, status(T1, TaskState.TASK_RUNNING), checkpoint.batch());
    for (int i = 0; i < 4; i++) {
      now += MAX.toNanos();
      manager.retryDue();
    }

    manager.resendAll();
    now += INITIAL.toNanos();
    manager.retryDue();

    assertThat(sent).hasSize(7);
    assertThat(sent.get(6).atNanos() - sent.get(5).atNanos()).isEqualTo(INITIAL.toNanos());
  }

  @Test
  void forgettingAFrameworkDropsItsQueues() throws IOException {
    TaskStatus t1 = status(T1, TaskState.TASK_RUNNING);
    TaskStatus t2 = status(T2, TaskState.TASK_RUNNING);
    TaskStatus other = status(T1, TaskState.TASK_RUNNING);
    manager.update(F1, t1, checkpoint.batch());
    manager.update(F1, t2, checkpoint.batch());
    manager.update(F2, other, checkpoint.batch());

    AgentCheckpoint.Batch batch = checkpoint.batch().removeFramework(F1);
    manager.forgetFramework(F1, batch);
    assertThat(checkpoint.load().updates()).hasSize(3); // the caller commits
    batch.commit();

    assertThat(checkpoint.load().updates())
        .extracting(CheckpointedUpdates::getFrameworkId)
        .containsExactly(F2);
    assertThat(manager.hasPending(F1, T1)).isFalse();
    assertThat(manager.pendingCount()).isEqualTo(1);
    now += INITIAL.toNanos();
    manager.retryDue();
    assertThat(sentStatuses()).containsExactly(t1, t2, other, other);
  }

  @Test
  void recoverComesFirst() {
    manager.update(F1, status(T1, TaskState.TASK_RUNNING), checkpoint.batch());

    assertThatThrownBy(() -> manager.recover(List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void uuidsAreLoggedAsUuidText() {
    assertThat(StatusUpdateManager.uuidText(uuid(0x1234)))
        .isEqualTo("00000000-0000-0000-0000-000000001234");
  }

  // ---- fixtures --------------------------------------------------------------------------------

  /** Another incarnation of the agent: the store survives, memory and the sink's log do not. */
  private void restart() throws IOException {
    checkpoint = AgentCheckpoint.over(store);
    manager = newManager();
    sent.clear();
  }

  private List<TaskStatus> checkpointed(FrameworkID frameworkId, TaskID taskId) {
    try {
      return checkpoint.load().updates().stream()
          .filter(u -> u.getFrameworkId().equals(frameworkId) && u.getTaskId().equals(taskId))
          .findFirst()
          .map(CheckpointedUpdates::getPendingList)
          .orElse(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<TaskStatus> sentStatuses() {
    return sent.stream().map(Sent::status).toList();
  }

  private TaskStatus status(TaskID taskId, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(taskId)
        .setState(state)
        .setUuid(uuid(nextUuid++))
        .build();
  }

  static ByteString uuid(long n) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0).putLong(n).array());
  }

  static TaskID taskId(String value) {
    return TaskID.newBuilder().setValue(value).build();
  }

  private static CheckpointedTask task(TaskID taskId, TaskStatus latest) {
    return CheckpointedTask.newBuilder()
        .setFrameworkId(F1)
        .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
        .setTask(
            TaskInfo.newBuilder()
                .setName("web")
                .setTaskId(taskId)
                .setAgentId(AgentID.newBuilder().setValue("S0")))
        .setLatestStatus(latest)
        .build();
  }
}
