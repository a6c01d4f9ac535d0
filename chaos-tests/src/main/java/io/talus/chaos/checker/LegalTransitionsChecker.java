package io.talus.chaos.checker;

import io.talus.chaos.history.History;
import io.talus.chaos.history.Op;
import io.talus.mesos.v1.Protos.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every task's status updates, in the order the framework received them, follow Mesos's legal
 * transitions ({@link TaskTransitions}). A violation means a failover resurrected an old state,
 * ran a finished task again, or delivered updates out of order.
 *
 * <p>Reads ops with {@code f = "status"} and type ok (updates the framework observed); their value
 * carries {@code task_id} and {@code state} (a Mesos TaskState name such as {@code TASK_RUNNING}).
 */
public final class LegalTransitionsChecker implements Checker {

  public static final String F_STATUS = "status";
  public static final String TASK_ID = "task_id";
  public static final String STATE = "state";

  @Override
  public String name() {
    return "legal-transitions";
  }

  @Override
  public CheckResult check(History history) {
    Map<String, Seen> lastByTask = new HashMap<>();
    List<String> failures = new ArrayList<>();
    long updates = 0;
    long illegal = 0;
    for (int index = 0; index < history.size(); index++) {
      Op op = history.get(index);
      if (op.type() != Op.Type.OK || !op.f().equals(F_STATUS)) {
        continue;
      }
      updates++;
      Optional<String> taskId = op.string(TASK_ID);
      Optional<TaskState> state = op.string(STATE).flatMap(LegalTransitionsChecker::parseState);
      if (taskId.isEmpty() || state.isEmpty()) {
        failures.add("op " + index + ": status without a task_id or known state: " + op.describe());
        continue;
      }
      Seen previous = lastByTask.get(taskId.get());
      if (previous == null || TaskTransitions.isLegal(previous.state(), state.get())) {
        lastByTask.put(taskId.get(), new Seen(state.get(), index));
      } else {
        // The task's state stays the last legal one, so each later offender is reported too.
        illegal++;
        failures.add(
            String.format(
                "task %s: %s at op %d after %s at op %d (%s)",
                taskId.get(),
                state.get(),
                index,
                previous.state(),
                previous.index(),
                op.describe()));
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("tasks", (long) lastByTask.size());
    counts.put("updates", updates);
    counts.put("illegal", illegal);
    return CheckResult.of(counts, failures);
  }

  private static Optional<TaskState> parseState(String name) {
    try {
      return Optional.of(TaskState.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Seen(TaskState state, int index) {}
}
