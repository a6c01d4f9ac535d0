package io.talus.registry;

import static io.talus.protocol.registry.Rejected.Reason.AGENT_GONE;
import static io.talus.protocol.registry.Rejected.Reason.INVALID_OP;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_AGENT;
import static io.talus.registry.Results.rejected;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.GeneratedUpdate;
import io.talus.protocol.registry.MarkAgentUnreachable;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegisterAgent;
import io.talus.protocol.registry.RemoveAgent;
import io.talus.protocol.registry.ReregisterAgent;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Agent registration, reregistration, unreachability and removal. */
final class AgentOps {

  private AgentOps() {}

  static OpResult register(RegistryState state, OpContext ctx, RegisterAgent op) {
    if (op.getAgentInfo().hasId()) {
      return rejected(INVALID_OP, "RegisterAgent carries agent id " + op.getAgentInfo().getId().getValue()
          + "; an agent with an id reregisters");
    }
    AgentID id = AgentID.newBuilder()
        .setValue(state.cluster.getClusterId() + "-S" + ctx.index() + "-" + ctx.position())
        .build();
    state.putAgent(AgentRecord.newBuilder()
        .setInfo(op.getAgentInfo().toBuilder().setId(id))
        .setState(AgentRecord.State.ACTIVE)
        .setEndpoint(op.getEndpoint())
        .setVersion(op.getVersion())
        .setRegisteredTimeNanos(ctx.timeNanos())
        .build());
    return Results.acceptedAgent(id);
  }

  static OpResult reregister(RegistryState state, OpContext ctx, ReregisterAgent op) {
    AgentInfo info = op.getAgentInfo();
    if (!info.hasId()) {
      return rejected(INVALID_OP, "ReregisterAgent needs the agent's id");
    }
    AgentRecord existing = state.agents.get(info.getId().getValue());
    if (existing != null && existing.getState() == AgentRecord.State.GONE) {
      return rejected(AGENT_GONE, "agent " + info.getId().getValue() + " was removed and may not come back");
    }
    // An agent the registry never saw keeps its id, as Mesos readmits agents after a failover.
    AgentRecord.Builder b = existing == null
        ? AgentRecord.newBuilder().setRegisteredTimeNanos(ctx.timeNanos())
        : existing.toBuilder().clearUnreachableTimeNanos().setReregisteredTimeNanos(ctx.timeNanos());
    state.putAgent(b.setInfo(info)
        .setState(AgentRecord.State.ACTIVE)
        .setEndpoint(op.getEndpoint())
        .setVersion(op.getVersion())
        .build());
    return Results.acceptedAgent(info.getId());
  }

  static OpResult markUnreachable(RegistryState state, OpContext ctx, MarkAgentUnreachable op) {
    String id = op.getAgentId().getValue();
    AgentRecord agent = state.agents.get(id);
    if (agent == null) {
      return rejected(UNKNOWN_AGENT, "unknown agent " + id);
    }
    if (agent.getState() == AgentRecord.State.GONE) {
      return rejected(AGENT_GONE, "agent " + id + " is gone");
    }
    if (agent.getState() == AgentRecord.State.UNREACHABLE) {
      return Results.ACCEPTED;
    }
    state.putAgent(agent.toBuilder()
        .setState(AgentRecord.State.UNREACHABLE)
        .setUnreachableTimeNanos(ctx.timeNanos())
        .build());
    TimeInfo unreachableTime = TimeInfo.newBuilder().setNanoseconds(ctx.timeNanos()).build();
    return Results.acceptedWithUpdates(transitionTasks(state, ctx, id, TaskState.TASK_UNREACHABLE,
        TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + id + " is unreachable", unreachableTime));
  }

  static OpResult remove(RegistryState state, OpContext ctx, RemoveAgent op) {
    String id = op.getAgentId().getValue();
    AgentRecord agent = state.agents.get(id);
    if (agent == null) {
      return rejected(UNKNOWN_AGENT, "unknown agent " + id);
    }
    if (agent.getState() == AgentRecord.State.GONE) {
      return Results.ACCEPTED;
    }
    state.putAgent(agent.toBuilder().setState(AgentRecord.State.GONE).setGoneTimeNanos(ctx.timeNanos()).build());
    List<GeneratedUpdate> updates = op.getByOperator()
        ? transitionTasks(state, ctx, id, TaskState.TASK_GONE_BY_OPERATOR,
            TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR, "Agent " + id + " was removed by an operator", null)
        : transitionTasks(state, ctx, id, TaskState.TASK_GONE, TaskStatus.Reason.REASON_AGENT_REMOVED,
            "Agent " + id + " is gone", null);
    return Results.acceptedWithUpdates(updates);
  }

  /**
   * Gives every non-terminal task on the agent a master-generated status (no uuid: nothing to ack),
   * in task key order, and returns those updates.
   */
  private static List<GeneratedUpdate> transitionTasks(RegistryState state, OpContext ctx, String agentId, TaskState to,
      TaskStatus.Reason reason, String message, TimeInfo unreachableTime) {
    List<TaskRecord> affected = new ArrayList<>();
    for (RegistryKey.Task key : state.tasksByAgent.getOrDefault(agentId, Collections.emptySortedSet())) {
      TaskRecord task = state.task(key);
      TaskState current = task.getLatestStatus().getState();
      if (!TaskStates.isTerminal(current) && current != to) {
        affected.add(task);
      }
    }
    List<GeneratedUpdate> updates = new ArrayList<>(affected.size());
    for (TaskRecord task : affected) {
      TaskStatus.Builder status = TaskStatus.newBuilder()
          .setTaskId(task.getInfo().getTaskId())
          .setState(to)
          .setAgentId(task.getAgentId())
          .setSource(TaskStatus.Source.SOURCE_MASTER)
          .setReason(reason)
          .setMessage(message)
          .setTimestamp(ctx.timeSeconds());
      if (task.hasExecutorId()) {
        status.setExecutorId(task.getExecutorId());
      }
      if (unreachableTime != null) {
        status.setUnreachableTime(unreachableTime);
      }
      TaskStatus built = status.build();
      TaskOps.storeStatus(state, task, built);
      updates.add(GeneratedUpdate.newBuilder().setFrameworkId(task.getFrameworkId()).setStatus(built).build());
    }
    return updates;
  }
}
