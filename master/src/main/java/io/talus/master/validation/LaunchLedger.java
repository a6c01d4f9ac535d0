package io.talus.master.validation;

import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.protocol.resources.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The working state of validating one ACCEPT: which task ids and executors it has used so far,
 * and what is left of the offers. Tasks are taken in the order the call lists them, as Mesos
 * does, so a later task is the one that fails when the offers run out. Lives for one call only.
 */
final class LaunchLedger {

  private final Set<TaskID> liveTaskIds;
  private final Set<ExecutorID> runningExecutors;
  private final Set<TaskID> seenTaskIds = new HashSet<>();
  private final Map<ExecutorID, ExecutorInfo> launchedExecutors = new HashMap<>();
  private Resources remaining;
  private Resources used = Resources.empty();

  /**
   * @param liveTaskIds the framework's tasks the master knows of; their ids stay taken
   * @param runningExecutors the framework's executors already on the agent (the offers' {@code
   *     executor_ids}); their resources were paid for when they started
   */
  LaunchLedger(Set<TaskID> liveTaskIds, Set<ExecutorID> runningExecutors, Resources offered) {
    this.liveTaskIds = liveTaskIds;
    this.runningExecutors = runningExecutors;
    this.remaining = offered;
  }

  /** Records the id as used by this call; false if a live task or an earlier task has it. */
  boolean claimTaskId(TaskID id) {
    return seenTaskIds.add(id) && !liveTaskIds.contains(id);
  }

  /** The ExecutorInfo an earlier launch in this call gave for {@code id}, if any. */
  Optional<ExecutorInfo> launchedExecutor(ExecutorID id) {
    return Optional.ofNullable(launchedExecutors.get(id));
  }

  /** What starting {@code executor} would cost: nothing if it already runs or is being started. */
  Resources executorCost(ExecutorInfo executor) {
    if (runningExecutors.contains(executor.getExecutorId())
        || launchedExecutors.containsKey(executor.getExecutorId())) {
      return Resources.empty();
    }
    return Resources.of(executor.getResourcesList());
  }

  /** Why {@code needed} does not fit in what remains, naming {@code what}; empty if it fits. */
  Optional<String> shortfall(String what, Resources needed) {
    if (remaining.contains(needed)) {
      return Optional.empty();
    }
    return Optional.of(
        what
            + " uses more resources than remain in the offers: needs "
            + needed
            + ", remaining "
            + (remaining.isEmpty() ? "nothing" : remaining.toString())
            + ", short of "
            + needed.subtract(remaining));
  }

  /** Takes resources that {@link #shortfall} said fit, starting {@code executor} if new. */
  void take(Resources needed, Optional<ExecutorInfo> executor) {
    remaining = remaining.subtract(needed);
    used = used.add(needed);
    executor.ifPresent(e -> launchedExecutors.putIfAbsent(e.getExecutorId(), e));
  }

  Resources remaining() {
    return remaining;
  }

  Resources used() {
    return used;
  }
}
