package io.talus.agent.core;

import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import java.util.Optional;

/**
 * The executor API's checks that need the agent's state (Mesos {@code slave/http.cpp
 * executor()}), in Mesos's order, then the call itself.
 */
final class ExecutorCalls {

  private ExecutorCalls() {}

  static void handle(AgentState s, CustomExecutors executors, Call call, MediaType type, HttpResponder responder) {
    if (s.recovering) {
      responder.respondText(503, "Agent has not finished recovery");
      return;
    }
    String fid = call.getFrameworkId().getValue();
    String eid = call.getExecutorId().getValue();
    if (!s.frameworks.containsKey(fid)) {
      responder.respondText(400, "Framework " + fid + " cannot be found");
      return;
    }
    Optional<ExecutorRun> found = s.executor(fid, eid).filter(e -> e.kind == Kind.CUSTOM);
    if (found.isEmpty()) {
      responder.respondText(400, "Executor " + eid + " of framework " + fid + " cannot be found");
      return;
    }
    ExecutorRun executor = found.get();
    switch (call.getType()) {
      case SUBSCRIBE -> executors.subscribe(executor, call, type, responder);
      case HEARTBEAT -> responder.respondEmpty(202);
      case UPDATE -> {
        if (!executor.connected()) {
          responder.respondText(403, "Executor " + eid + " is not subscribed");
          return;
        }
        Optional<String> invalid = validateUpdate(call);
        if (invalid.isPresent()) {
          s.invalidStatusUpdates++;
          responder.respondText(400, "Received invalid UPDATE: " + invalid.get());
          return;
        }
        executors.update(executor, call.getUpdate().getStatus(), responder);
      }
      case MESSAGE -> {
        if (!executor.connected()) {
          responder.respondText(403, "Executor " + eid + " is not subscribed");
          return;
        }
        executors.message(executor, call.getMessage().getData().toByteArray());
        responder.respondEmpty(202);
      }
      default -> responder.respondText(501, "Call type " + call.getType() + " is not implemented");
    }
  }

  /** Mesos's {@code validation::executor::call::validate} for UPDATE. */
  static Optional<String> validateUpdate(Call call) {
    TaskStatus status = call.getUpdate().getStatus();
    if (!status.hasUuid() || status.getUuid().size() != 16) {
      return Optional.of("'status.uuid' must be a 16-byte UUID");
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      return Optional.of("Received TASK_STAGING from executor");
    }
    if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
      return Optional.of("Received wrong source " + status.getSource() + ", expecting SOURCE_EXECUTOR");
    }
    if (status.hasExecutorId() && !status.getExecutorId().equals(call.getExecutorId())) {
      return Optional.of("ExecutorID in Call: " + call.getExecutorId().getValue()
          + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue());
    }
    return Optional.empty();
  }
}
