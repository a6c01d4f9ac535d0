package io.talus.driver.examples;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bookkeeping of a framework with a fixed number of task slots: which task each slot runs
 * now, and every task ever launched with the states it went through.
 *
 * <p>Each launch gets a task ID of its own, {@code <name>-<slot>-<attempt>}, so an update always
 * says which launch it is about, and a late or repeated one (a reconciliation answer crossing a
 * terminal update, an agent's retransmission) cannot be mistaken for news: once a task ID has
 * ended, nothing more is recorded for it. Not thread-safe: {@link SlotFramework} guards it.
 */
final class SlotBook {

  private final String name;
  private final String[] live;
  private final int[] attempts;
  private final Map<String, Entry> byTaskId = new LinkedHashMap<>();

  private static final class Entry {
    final int slot;
    final int attempt;
    final String agentId;
    final List<TaskState> states = new ArrayList<>();

    Entry(int slot, int attempt, String agentId) {
      this.slot = slot;
      this.attempt = attempt;
      this.agentId = agentId;
    }

    TaskState latest() {
      return states.isEmpty() ? TaskState.TASK_STAGING : states.get(states.size() - 1);
    }

    TaskAttempt snapshot(String taskId) {
      return new TaskAttempt(slot, attempt, taskId, agentId, states);
    }
  }

  SlotBook(String name, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("at least one slot is needed, got " + slots);
    }
    this.name = name;
    this.live = new String[slots];
    this.attempts = new int[slots];
  }

  int slots() {
    return live.length;
  }

  /** The slots with no task launched that has not ended, in order. */
  List<Integer> emptySlots() {
    List<Integer> empty = new ArrayList<>();
    for (int slot = 0; slot < live.length; slot++) {
      if (live[slot] == null) {
        empty.add(slot);
      }
    }
    return empty;
  }

  /** How many times the slot's task has been launched. */
  int attempts(int slot) {
    return attempts[slot];
  }

  /** Records a launch in an empty slot and returns the new task's ID. */
  TaskID launch(int slot, AgentID agentId) {
    if (live[slot] != null) {
      throw new IllegalStateException("slot " + slot + " still runs " + live[slot]);
    }
    attempts[slot]++;
    String taskId = name + "-" + slot + "-" + attempts[slot];
    live[slot] = taskId;
    byTaskId.put(taskId, new Entry(slot, attempts[slot], agentId.getValue()));
    return TaskID.newBuilder().setValue(taskId).build();
  }

  /**
   * Records an update. Returns the task's attempt when this is news (a state it was not in), empty
   * for a task this book never launched, one that has already ended, or a repeat of its state.
   */
  Optional<TaskAttempt> update(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    Entry entry = byTaskId.get(taskId);
    if (entry == null || TaskStates.isTerminal(entry.latest())
        || (!entry.states.isEmpty() && entry.latest() == status.getState())) {
      return Optional.empty();
    }
    entry.states.add(status.getState());
    if (TaskStates.isTerminal(status.getState())) {
      live[entry.slot] = null;
    }
    return Optional.of(entry.snapshot(taskId));
  }

  /** The latest known status of every task that has not ended, as RECONCILE wants them. */
  List<TaskStatus> liveStatuses() {
    List<TaskStatus> statuses = new ArrayList<>();
    for (String taskId : live) {
      if (taskId != null) {
        Entry entry = byTaskId.get(taskId);
        statuses.add(TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue(taskId))
            .setAgentId(AgentID.newBuilder().setValue(entry.agentId))
            .setState(entry.latest())
            .build());
      }
    }
    return statuses;
  }

  /** The tasks not ended whose latest state is {@code state}. */
  List<String> liveIn(TaskState state) {
    List<String> ids = new ArrayList<>();
    for (String taskId : live) {
      if (taskId != null && byTaskId.get(taskId).latest() == state) {
        ids.add(taskId);
      }
    }
    return ids;
  }

  /** Every task launched, in launch order. */
  List<TaskAttempt> history() {
    List<TaskAttempt> all = new ArrayList<>();
    byTaskId.forEach((taskId, entry) -> all.add(entry.snapshot(taskId)));
    return all;
  }
}
