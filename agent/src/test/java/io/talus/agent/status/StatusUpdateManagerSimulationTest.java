package io.talus.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedUpdates;
import io.talus.storage.InMemoryKeyValueStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of updates, duplicates, acknowledgements (right and wrong), timer ticks and
 * agent restarts against a model of what the framework must see. Each op is one int, so jqwik
 * shrinks a failure to a short script; it prints the seed.
 *
 * <p>Invariants, checked after every op (and, for the sends, as each one happens):
 *
 * <ul>
 *   <li><b>checkpoint-is-memory</b>: every task's checkpointed queue equals {@code pending()};
 *   <li><b>no-loss-no-reorder</b>: {@code pending()} is the accepted updates minus the
 *       acknowledged ones, in order;
 *   <li><b>head-only</b>: an update is sent only when checkpointed and at the head of its queue;
 *   <li><b>head-in-flight</b>: once registered, every non-empty queue's head was the last update
 *       sent for its task;
 *   <li><b>no-early-retry</b>: a tick never re-sends a head sooner than the initial interval.
 * </ul>
 */
class StatusUpdateManagerSimulationTest {

  private static final Duration INITIAL = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofSeconds(80);
  private static final List<Task> TASKS = List.of(
      new Task(framework("f1"), task("t1")),
      new Task(framework("f1"), task("t2")),
      new Task(framework("f2"), task("t1")));
  private static final int OPS = 6;

  private record Task(FrameworkID frameworkId, TaskID taskId) {}

  @Property(tries = 300)
  void frameworksSeeEveryUpdateInOrderUntilAcknowledged(
      @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 599) Integer> ops)
      throws IOException {
    Simulation simulation = new Simulation();
    for (int op : ops) {
      Task t = TASKS.get((op / OPS) % TASKS.size());
      int arg = op / (OPS * TASKS.size());
      switch (op % OPS) {
        case 0 -> simulation.update(t);
        case 1 -> simulation.duplicate(t, arg);
        case 2 -> simulation.acknowledgeHead(t);
        case 3 -> simulation.acknowledgeOther(t, arg);
        case 4 -> simulation.tick(arg);
        default -> simulation.restart();
      }
      simulation.checkInvariants();
    }
  }

  /** One run: the store that outlives restarts, the current incarnation's manager, the model. */
  private static final class Simulation {
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final Map<Task, List<TaskStatus>> accepted = new HashMap<>();
    private final Map<Task, Integer> acked = new HashMap<>();
    // Acknowledged uuids are remembered in memory only: a restart forgets them.
    private final Map<Task, List<TaskStatus>> ackedThisIncarnation = new HashMap<>();
    private final Map<Task, TaskStatus> lastSent = new HashMap<>();
    private final Map<Task, Long> lastSentAt = new HashMap<>();
    private AgentCheckpoint checkpoint;
    private StatusUpdateManager manager;
    private long now = -Duration.ofSeconds(30).toNanos(); // crosses zero: differences only
    private long nextUuid = 1;
    private boolean ticking;

    Simulation() throws IOException {
      for (Task t : TASKS) {
        accepted.put(t, new ArrayList<>());
        acked.put(t, 0);
        ackedThisIncarnation.put(t, new ArrayList<>());
      }
      checkpoint = AgentCheckpoint.over(store);
      manager = newManager();
    }

    void update(Task t) {
      TaskStatus status = TaskStatus.newBuilder()
          .setTaskId(t.taskId())
          .setState(TaskState.TASK_RUNNING)
          .setUuid(StatusUpdateManagerTest.uuid(nextUuid++))
          .build();
      assertThat(manager.update(t.frameworkId(), status, checkpoint.batch())).isTrue();
      accepted.get(t).add(status);
    }

    /** An executor re-sends a pending update, or one of the last acknowledged ones. */
    void duplicate(Task t, int arg) {
      List<TaskStatus> all = accepted.get(t);
      List<TaskStatus> known = new ArrayList<>(all.subList(acked.get(t), all.size()));
      List<TaskStatus> recent = ackedThisIncarnation.get(t);
      known.addAll(
          recent.subList(
              Math.max(0, recent.size() - TaskStatusUpdateStream.RECENT_ACKS), recent.size()));
      if (known.isEmpty()) {
        return;
      }
      TaskStatus again = known.get(arg % known.size());
      assertThat(manager.update(t.frameworkId(), again, checkpoint.batch()))
          .as("duplicate accepted")
          .isFalse();
    }

    void acknowledgeHead(Task t) {
      List<TaskStatus> all = accepted.get(t);
      int done = acked.get(t);
      if (done == all.size()) {
        return;
      }
      TaskStatus head = all.get(done);
      assertThat(
              manager.acknowledge(t.frameworkId(), t.taskId(), head.getUuid(), checkpoint.batch()))
          .contains(head);
      acked.put(t, done + 1);
      ackedThisIncarnation.get(t).add(head);
    }

    /** An acknowledgement of an update queued behind the head, or of no update at all. */
    void acknowledgeOther(Task t, int arg) {
      List<TaskStatus> all = accepted.get(t);
      int behindHead = acked.get(t) + 1;
      ByteString uuid = arg % 2 == 0 || behindHead >= all.size()
          ? StatusUpdateManagerTest.uuid(1_000_000 + arg)
          : all.get(behindHead + arg % (all.size() - behindHead)).getUuid();
      assertThat(manager.acknowledge(t.frameworkId(), t.taskId(), uuid, checkpoint.batch()))
          .isEmpty();
    }

    void tick(int arg) {
      now += Duration.ofSeconds(1 + arg % 40).toNanos();
      ticking = true;
      manager.retryDue();
      ticking = false;
    }

    void restart() throws IOException {
      checkpoint = AgentCheckpoint.over(store);
      manager = newManager();
      lastSent.clear();
      ackedThisIncarnation.values().forEach(List::clear);
      manager.recover(checkpoint.load().updates());
      manager.resendAll();
    }

    private StatusUpdateManager newManager() {
      return new StatusUpdateManager(this::send, () -> now, INITIAL, MAX);
    }

    private void send(FrameworkID frameworkId, TaskStatus status) {
      Task t = new Task(frameworkId, status.getTaskId());
      assertThat(checkpointed(t)).as("head-only").first().isEqualTo(status);
      if (ticking) {
        assertThat(now - lastSentAt.get(t))
            .as("no-early-retry")
            .isGreaterThanOrEqualTo(INITIAL.toNanos());
      }
      lastSent.put(t, status);
      lastSentAt.put(t, now);
    }

    void checkInvariants() {
      for (Task t : TASKS) {
        List<TaskStatus> all = accepted.get(t);
        List<TaskStatus> expected = all.subList(acked.get(t), all.size());
        assertThat(manager.pending(t.frameworkId(), t.taskId()))
            .as("no-loss-no-reorder")
            .containsExactlyElementsOf(expected);
        assertThat(checkpointed(t)).as("checkpoint-is-memory").containsExactlyElementsOf(expected);
        if (!expected.isEmpty()) {
          assertThat(lastSent.get(t)).as("head-in-flight").isEqualTo(expected.get(0));
        }
      }
      int total = accepted.values().stream().mapToInt(List::size).sum()
          - acked.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(manager.pendingCount()).isEqualTo(total);
    }

    private List<TaskStatus> checkpointed(Task t) {
      try {
        return checkpoint.load().updates().stream()
            .filter(u -> u.getFrameworkId().equals(t.frameworkId())
                && u.getTaskId().equals(t.taskId()))
            .findFirst()
            .map(CheckpointedUpdates::getPendingList)
            .orElse(List.of());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static FrameworkID framework(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  private static TaskID task(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }
}
