package io.talus.chaos.checker;

import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.tasks.TaskStates;

/**
 * Mesos's legal task-state transitions as a framework observes them.
 *
 * <p>A task moves forward through STAGING, STARTING, RUNNING and KILLING to one terminal state.
 * Steps may be skipped (masters never send STAGING to a framework, and some executors go straight
 * to RUNNING) and non-terminal updates may repeat (retries, reconciliation), but a task never
 * moves backwards. A partitioned task may become UNREACHABLE from any live state and from there
 * return to RUNNING or end. After a terminal state only a duplicate of the same terminal update is
 * legal. TASK_LOST is treated as terminal: Talus runs its chaos frameworks PARTITION_AWARE, for
 * which Mesos reports a partition as UNREACHABLE and keeps LOST final. TASK_UNKNOWN is never
 * legal after a known state: the registry must not forget a task.
 */
public final class TaskTransitions {

  private TaskTransitions() {}

  public static boolean isTerminal(TaskState state) {
    return TaskStates.isTerminal(state);
  }

  /** Whether a framework may see {@code next} right after {@code previous} for the same task. */
  public static boolean isLegal(TaskState previous, TaskState next) {
    if (isTerminal(previous)) {
      return next == previous;
    }
    if (previous == TaskState.TASK_UNREACHABLE) {
      return next == TaskState.TASK_UNREACHABLE
          || next == TaskState.TASK_RUNNING
          || isTerminal(next);
    }
    if (next == TaskState.TASK_UNREACHABLE) {
      return rank(previous) >= 0;
    }
    int from = rank(previous);
    int to = rank(next);
    return from >= 0 && to >= from;
  }

  /** Position on the forward path; -1 for states off it (UNKNOWN). Terminal states rank last. */
  private static int rank(TaskState state) {
    if (isTerminal(state)) {
      return 4;
    }
    return switch (state) {
      case TASK_STAGING -> 0;
      case TASK_STARTING -> 1;
      case TASK_RUNNING -> 2;
      case TASK_KILLING -> 3;
      default -> -1;
    };
  }
}
