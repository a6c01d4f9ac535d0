package io.talus.driver.executor;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an executor must hand a restarted agent in SUBSCRIBE: status updates the agent has not
 * acknowledged (by uuid, in the order they were sent) and the tasks it launched that have not ended
 * (without them, the agent takes a still-STAGING task for lost). A task is forgotten once the agent
 * acknowledges a terminal update for it. Not thread-safe: the driver guards it.
 */
final class Unacknowledged {

  private final Map<TaskID, TaskInfo> tasks = new LinkedHashMap<>();
  private final Map<ByteString, Call.Update> updates = new LinkedHashMap<>();

  void launched(TaskInfo task) {
    tasks.put(task.getTaskId(), task);
  }

  void sent(Call.Update update) {
    updates.put(update.getStatus().getUuid(), update);
  }

  /** The agent took the update with {@code uuid}; false if it was not pending. */
  boolean acknowledged(TaskID taskId, ByteString uuid) {
    Call.Update update = updates.remove(uuid);
    if (update == null) {
      return false;
    }
    if (TaskStates.isTerminal(update.getStatus().getState())) {
      tasks.remove(taskId);
    }
    return true;
  }

  boolean isPending(ByteString uuid) {
    return updates.containsKey(uuid);
  }

  List<TaskInfo> tasks() {
    return new ArrayList<>(tasks.values());
  }

  List<Call.Update> updates() {
    return new ArrayList<>(updates.values());
  }
}
