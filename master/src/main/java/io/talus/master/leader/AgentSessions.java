package io.talus.master.leader;

import io.talus.http.EventStream;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.master.leader.LeaderState.TaskKey;
import io.talus.master.state.AgentEndpoints;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.AgentStream;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.MarkAgentUnreachable;
import io.talus.protocol.registry.RegisterAgent;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.ReregisterAgent;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.tasks.TaskStates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents on the leader: registration and reregistration over their streams (committed to the
 * registry first), the messages they send, and what happens when a stream stays down: the agent
 * becomes unreachable, its tasks TASK_UNREACHABLE, until it reregisters.
 */
final class AgentSessions {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

  private final LeaderState s;
  private final StatusUpdates updates;
  private final Map<String, ScheduledFuture<?>> unreachableTimers = new HashMap<>();

  AgentSessions(LeaderState state, StatusUpdates updates) {
    this.s = state;
    this.updates = updates;
  }

  /** At failover: an agent that was active waits for its reregistration, with a timeout. */
  void awaitReregistration(AgentRecord agent) {
    String id = agent.getInfo().getId().getValue();
    s.awaitingReregistration.add(id);
    scheduleUnreachable(agent.getInfo().getId(), s.ctx.config().agentReregisterTimeout().toNanos(),
        "did not reregister after the failover");
  }

  void register(AgentToMaster.Register register, HttpResponder responder) {
    AgentInfo info = register.getAgentInfo();
    s.commit(RegistryOp.newBuilder().setRegisterAgent(RegisterAgent.newBuilder().setAgentInfo(info)
        .setEndpoint(register.getEndpoint()).setVersion(register.getVersion())), result -> {
          if (result.hasRejected()) {
            responder.respondText(400, result.getRejected().getMessage());
            return;
          }
          AgentID agentId = result.getAccepted().getAgentId();
          AgentInfo registered = info.toBuilder().setId(agentId).build();
          AgentSession session = open(agentId, responder, register.getIncarnation());
          session.send(MasterToAgent.newBuilder().setRegistered(MasterToAgent.Registered.newBuilder()
              .setAgentId(agentId).setMasterInfo(s.ctx.masterInfo())
              .setHeartbeatIntervalSeconds(pingSeconds())).build());
          addToAllocator(registered, List.of());
          LOG.info("agent registered agent={} hostname={} endpoint={} resources={}", agentId.getValue(),
              info.getHostname(), register.getEndpoint(), Resources.of(info.getResourcesList()));
          s.scheduleAllocation();
        });
  }

  void reregister(AgentToMaster.Reregister reregister, HttpResponder responder) {
    AgentInfo info = reregister.getAgentInfo();
    String id = info.getId().getValue();
    Optional<AgentRecord> known = s.registry(r -> r.agent(id));
    if (known.isPresent() && known.get().getState() == AgentRecord.State.GONE) {
      refuse(responder, "Agent " + id + " has been removed from the cluster");
      return;
    }
    s.commit(RegistryOp.newBuilder().setReregisterAgent(ReregisterAgent.newBuilder().setAgentInfo(info)
        .setEndpoint(reregister.getEndpoint()).setVersion(reregister.getVersion())), result -> {
          if (result.hasRejected()) {
            refuse(responder, result.getRejected().getMessage());
            return;
          }
          s.awaitingReregistration.remove(id);
          cancelTimer(id);
          AgentSession old = s.agents.remove(id);
          if (old != null) {
            old.stream().close();
          }
          AgentSession session = open(info.getId(), responder, reregister.getIncarnation());
          session.send(MasterToAgent.newBuilder().setReregistered(MasterToAgent.Reregistered.newBuilder()
              .setAgentId(info.getId()).setMasterInfo(s.ctx.masterInfo())
              .setHeartbeatIntervalSeconds(pingSeconds())).build());
          reconcileReported(info.getId(), reregister.getTasksList());
          List<TaskRecord> tasks = s.registry(r -> r.tasksOnAgent(id));
          if (s.allocatorAgents.contains(id)) {
            s.allocator.updateAgentTotal(info.getId(), Resources.of(info.getResourcesList()));
            s.allocator.activateAgent(info.getId());
          } else {
            addToAllocator(info, tasks);
          }
          List<MasterToAgent> kills = s.pendingKills.remove(id);
          if (kills != null) {
            kills.forEach(session::send);
          }
          LOG.info("agent reregistered agent={} endpoint={} reported_tasks={} registry_tasks={}", id,
              reregister.getEndpoint(), reregister.getTasksCount(), tasks.size());
          s.scheduleAllocation();
        });
  }

  private AgentSession open(AgentID agentId, HttpResponder responder, String incarnation) {
    String sessionId = UUID.randomUUID().toString();
    EventStream stream = responder.stream(MediaType.PROTOBUF.mime(), Map.of(AgentStream.SESSION_HEADER, sessionId));
    AgentSession session = new AgentSession(agentId, sessionId, stream, incarnation, LeaderState.monoNanos());
    s.agents.put(agentId.getValue(), session);
    stream.onClose(() -> s.loop.execute(() -> streamClosed(session)));
    return session;
  }

  private static void refuse(HttpResponder responder, String message) {
    EventStream stream = responder.stream(MediaType.PROTOBUF.mime(), Map.of());
    stream.sendRecord(MasterToAgent.newBuilder()
        .setShutdown(MasterToAgent.Shutdown.newBuilder().setMessage(message)).build().toByteArray());
    stream.close();
  }

  private void addToAllocator(AgentInfo info, List<TaskRecord> tasks) {
    s.allocator.addAgent(info.getId(), info.getHostname(), Resources.of(info.getResourcesList()),
        info.getAttributesList());
    s.allocatorAgents.add(info.getId().getValue());
    Map<String, Resources> used = new HashMap<>();
    for (TaskRecord t : tasks) {
      if (!TaskStates.isTerminal(t.getLatestStatus().getState())
          && s.allocatorFrameworks.contains(t.getFrameworkId().getValue())) {
        used.merge(t.getFrameworkId().getValue(), Resources.of(t.getInfo().getResourcesList()), Resources::add);
      }
    }
    used.forEach((fid, r) -> {
      if (!r.isEmpty()) {
        s.allocator.recordAllocation(FrameworkID.newBuilder().setValue(fid).build(), info.getId(), r);
      }
    });
  }

  /**
   * Squares what the agent says it runs with the registry: a registry task the agent does not
   * know never reached it (TASK_DROPPED; TASK_LOST for frameworks that are not partition-aware);
   * a task the registry marked unreachable is running again; a task of a removed framework is
   * killed.
   */
  private void reconcileReported(AgentID agentId, List<AgentToMaster.ReportedTask> reported) {
    Map<TaskKey, AgentToMaster.ReportedTask> byKey = new HashMap<>();
    for (AgentToMaster.ReportedTask t : reported) {
      byKey.put(new TaskKey(t.getFrameworkId().getValue(), t.getTask().getTaskId().getValue()), t);
    }
    double now = LeaderState.seconds(LeaderContext.wallNanos());
    for (TaskRecord t : s.registry(r -> r.tasksOnAgent(agentId.getValue()))) {
      TaskKey key = TaskKey.of(t);
      AgentToMaster.ReportedTask report = byKey.remove(key);
      TaskState state = t.getLatestStatus().getState();
      if (TaskStates.isTerminal(state) || s.pendingLaunches.contains(key)) {
        continue;
      }
      if (report == null) {
        updates.commitUpdate(t.getFrameworkId(), TaskStatus.newBuilder().setTaskId(t.getInfo().getTaskId())
            .setAgentId(agentId).setState(TaskState.TASK_DROPPED).setSource(TaskStatus.Source.SOURCE_MASTER)
            .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
            .setMessage("Reconciliation: task is unknown to the agent").setTimestamp(now).build(), t);
      } else if (state == TaskState.TASK_UNREACHABLE && report.hasLatestStatus()
          && !TaskStates.isTerminal(report.getLatestStatus().getState())) {
        // A terminal state comes from the agent's own (acknowledged, retried) update instead.
        updates.commitUpdate(t.getFrameworkId(), report.getLatestStatus().toBuilder().clearUuid()
            .setAgentId(agentId).setSource(TaskStatus.Source.SOURCE_MASTER)
            .setReason(TaskStatus.Reason.REASON_AGENT_REREGISTERED).setTimestamp(now).build(), t);
      }
    }
    for (AgentToMaster.ReportedTask orphan : byKey.values()) {
      String fid = orphan.getFrameworkId().getValue();
      boolean removed = s.registry(r -> r.framework(fid))
          .map(f -> f.getState() == FrameworkRecord.State.REMOVED).orElse(true);
      if (removed) {
        s.toAgent(agentId.getValue(), MasterToAgent.newBuilder().setShutdownFramework(
            MasterToAgent.ShutdownFramework.newBuilder().setFrameworkId(orphan.getFrameworkId())).build());
      }
    }
  }

  /** Any message but (re)registration: it must name the agent's current session. */
  void message(String agentId, String sessionId, AgentToMaster message, HttpResponder responder) {
    AgentSession session = s.agents.get(agentId);
    if (session == null || !session.connected()) {
      responder.respondText(400, "Agent " + agentId + " has no open session; reregister");
      return;
    }
    if (!session.sessionId().equals(sessionId)) {
      responder.respondText(400, "Session " + sessionId + " of agent " + agentId + " is not current; reregister");
      return;
    }
    session.heard(LeaderState.monoNanos());
    responder.respondEmpty(202);
    switch (message.getMessageCase()) {
      case STATUS_UPDATE -> updates.fromAgent(agentId, message.getStatusUpdate());
      case EXECUTOR_TO_FRAMEWORK -> {
        AgentToMaster.ExecutorToFramework m = message.getExecutorToFramework();
        s.toFramework(m.getFrameworkId().getValue(), Event.newBuilder().setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setAgentId(session.agentId())
                .setExecutorId(m.getExecutorId()).setData(m.getData())).build());
      }
      case EXECUTOR_EXITED -> {
        AgentToMaster.ExecutorExited m = message.getExecutorExited();
        Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(session.agentId())
            .setExecutorId(m.getExecutorId());
        if (m.hasStatus()) {
          failure.setStatus(m.getStatus());
        }
        s.toFramework(m.getFrameworkId().getValue(),
            Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build());
      }
      case HEARTBEAT -> { }
      default -> LOG.warn("unexpected agent message {} agent={}", message.getMessageCase(), agentId);
    }
  }

  /** The stream ended: nothing more is offered from the agent; unreachable if it stays away. */
  void streamClosed(AgentSession session) {
    String id = session.agentId().getValue();
    if (s.agents.get(id) != session) {
      return;
    }
    s.agents.remove(id);
    if (s.allocatorAgents.contains(id)) {
      s.allocator.deactivateAgent(session.agentId());
    }
    s.rescindOffers(o -> o.getAgentId().getValue().equals(id), true);
    LOG.info("agent disconnected agent={}", id);
    scheduleUnreachable(session.agentId(), s.ctx.config().agentDisconnectTimeout().toNanos(),
        "kept its stream down");
  }

  private void scheduleUnreachable(AgentID agentId, long delayNanos, String why) {
    String id = agentId.getValue();
    cancelTimer(id);
    unreachableTimers.put(id, s.loop.schedule(() -> {
      unreachableTimers.remove(id);
      if (s.connectedAgent(id).isEmpty()) {
        markUnreachable(agentId, why);
      }
    }, delayNanos));
  }

  private void cancelTimer(String id) {
    ScheduledFuture<?> t = unreachableTimers.remove(id);
    if (t != null) {
      t.cancel(false);
    }
  }

  /** Commits that the agent is unreachable and tells frameworks about its tasks. */
  void markUnreachable(AgentID agentId, String why) {
    String id = agentId.getValue();
    cancelTimer(id);
    AgentSession session = s.agents.remove(id);
    if (session != null) {
      session.stream().close();
    }
    s.awaitingReregistration.remove(id);
    s.commit(RegistryOp.newBuilder().setMarkAgentUnreachable(MarkAgentUnreachable.newBuilder().setAgentId(agentId)),
        result -> {
          if (s.connectedAgent(id).isPresent()) {
            return; // it came back while the op was in flight; its reregistration made it active again
          }
          s.rescindOffers(o -> o.getAgentId().getValue().equals(id), true);
          if (s.allocatorAgents.remove(id)) {
            s.allocator.removeAgent(agentId);
          }
          if (result.hasRejected()) {
            LOG.info("mark unreachable rejected agent={} reason={}", id, result.getRejected().getReason());
            return;
          }
          LOG.info("agent unreachable agent={} because it {}; tasks={}", id, why,
              result.getAccepted().getUpdatesCount());
          updates.forwardGenerated(result);
          s.scheduleAllocation();
        });
  }

  /**
   * Gossip declared the agent at this HTTP endpoint dead: no need to wait for its stream. An agent
   * restarted quickly may already hold a new session when gossip gets round to removing the
   * process before it; the incarnations tell them apart.
   */
  void gossipDead(String httpEndpoint, String incarnation) {
    for (AgentRecord agent : s.registry(r -> List.copyOf(r.agents()))) {
      if (agent.getState() == AgentRecord.State.ACTIVE && sameEndpoint(agent.getEndpoint(), httpEndpoint)) {
        AgentSession session = s.agents.get(agent.getInfo().getId().getValue());
        if (session != null && session.connected() && !incarnation.isEmpty()
            && !incarnation.equals(session.incarnation())) {
          LOG.info("gossip removed an earlier incarnation of agent={} endpoint={}; its current one is connected",
              agent.getInfo().getId().getValue(), httpEndpoint);
          continue;
        }
        LOG.info("gossip declared agent dead agent={} endpoint={}", agent.getInfo().getId().getValue(), httpEndpoint);
        markUnreachable(agent.getInfo().getId(), "was declared dead by gossip");
      }
    }
  }

  static boolean sameEndpoint(String registryEndpoint, String gossipEndpoint) {
    return AgentEndpoints.hostPort(registryEndpoint).equals(AgentEndpoints.hostPort(gossipEndpoint));
  }

  /** Heartbeats to every agent; an agent not heard from within the disconnect timeout is dropped. */
  void ping() {
    long now = LeaderState.monoNanos();
    long timeout = s.ctx.config().agentDisconnectTimeout().toNanos();
    MasterToAgent heartbeat = MasterToAgent.newBuilder()
        .setHeartbeat(MasterToAgent.Heartbeat.getDefaultInstance()).build();
    for (AgentSession session : List.copyOf(s.agents.values())) {
      if (now - session.lastHeardNanos() > timeout) {
        LOG.info("agent silent for {} ms agent={}", (now - session.lastHeardNanos()) / 1_000_000,
            session.agentId().getValue());
        markUnreachable(session.agentId(), "went silent");
      } else {
        session.send(heartbeat);
      }
    }
  }

  private double pingSeconds() {
    return s.ctx.config().agentPingInterval().toMillis() / 1000.0;
  }

  void close() {
    unreachableTimers.values().forEach(t -> t.cancel(false));
    unreachableTimers.clear();
  }
}
