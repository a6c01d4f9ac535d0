package io.talus.driver.examples;

import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.tasks.TaskStates;
import java.util.List;
import java.util.Optional;

/**
 * One launch of a slot's task under its own task ID, and every state it was reported in (each
 * change once, in order).
 *
 * @param slot which of the framework's tasks this runs (the batch index, the instance number)
 * @param attempt 1 for the slot's first launch, then 2, 3...
 */
public record TaskAttempt(
    int slot, int attempt, String taskId, String agentId, List<TaskState> states) {

  public TaskAttempt {
    states = List.copyOf(states);
  }

  /** The last state reported, or TASK_STAGING before any update. */
  public TaskState latest() {
    return states.isEmpty() ? TaskState.TASK_STAGING : states.get(states.size() - 1);
  }

  /** The terminal state it ended in, if it has ended. */
  public Optional<TaskState> terminal() {
    return TaskStates.isTerminal(latest()) ? Optional.of(latest()) : Optional.empty();
  }
}
