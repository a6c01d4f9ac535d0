package io.talus.protocol.tasks;

import io.talus.mesos.v1.Protos.TaskState;

/** Mesos's classification of task states, for every module that reasons about tasks. */
public final class TaskStates {

  private TaskStates() {}

  /**
   * Terminal as in Mesos's {@code protobuf::isTerminalState}: UNREACHABLE and UNKNOWN are not, since
   * an unreachable agent may come back with the task still running.
   */
  public static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }
}
