package io.talus.master.leader;

import io.talus.http.EventStream;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.master.leader.LeaderState.TaskKey;
import io.talus.master.validation.AcceptResult;
import io.talus.master.validation.AcceptValidator;
import io.talus.master.validation.FrameworkInfoValidator;
import io.talus.master.validation.OperationOutcome;
import io.talus.master.validation.TaskRejection;
import io.talus.master.validation.ValidationResult;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.OperationState;
import io.talus.mesos.v1.Protos.OperationStatus;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.RegisterFramework;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.protocol.registry.RemoveFramework;
import io.talus.protocol.registry.ReregisterFramework;
import io.talus.protocol.registry.TaskRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 scheduler API on the leader: SUBSCRIBE and every other call, after the HTTP layer has
 * parsed and structurally validated the call. Runs on the event loop.
 */
public final class SchedulerCalls {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerCalls.class);
  /** The header that names a framework's current subscription. */
  public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";

  private final LeaderState s;
  private final StatusUpdates updates;
  private final FrameworkLifecycle lifecycle;

  SchedulerCalls(LeaderState state, StatusUpdates updates, FrameworkLifecycle lifecycle) {
    this.s = state;
    this.updates = updates;
    this.lifecycle = lifecycle;
  }

  // ---- SUBSCRIBE ----

  void subscribe(Call call, MediaType mediaType, HttpResponder responder) {
    Call.Subscribe subscribe = call.getSubscribe();
    FrameworkInfo info = subscribe.getFrameworkInfo();
    ValidationResult valid = FrameworkInfoValidator.validate(info);
    if (!valid.isOk()) {
      openAndFail(responder, mediaType, valid.message());
      return;
    }
    RegistryOp.Builder op = info.hasId()
        ? RegistryOp.newBuilder().setReregisterFramework(ReregisterFramework.newBuilder().setFrameworkInfo(info))
        : RegistryOp.newBuilder().setRegisterFramework(RegisterFramework.newBuilder().setFrameworkInfo(info));
    s.commit(op, result -> {
      if (result.hasRejected()) {
        Rejected r = result.getRejected();
        openAndFail(responder, mediaType, r.getReason() == Rejected.Reason.FRAMEWORK_REMOVED
            ? "Framework has been removed" : r.getMessage());
        return;
      }
      FrameworkID fid = result.getAccepted().getFrameworkId();
      FrameworkInfo registered = info.toBuilder().setId(fid).build();
      FrameworkSession old = s.frameworks.remove(fid.getValue());
      if (old != null && old.connected()) {
        LOG.info("framework failed over framework={}: closing its older subscription", fid.getValue());
        old.fail("Framework failed over");
      }
      String streamId = UUID.randomUUID().toString();
      EventStream stream = responder.stream(mediaType.mime(), Map.of(STREAM_ID_HEADER, streamId));
      FrameworkSession session = new FrameworkSession(fid, registered, streamId, stream, mediaType);
      s.frameworks.put(fid.getValue(), session);
      stream.onClose(() -> s.loop.execute(() -> lifecycle.streamClosed(session)));
      lifecycle.subscribed(session, new LinkedHashSet<>(subscribe.getSuppressedRolesList()));
      session.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
          .setFrameworkId(fid)
          .setHeartbeatIntervalSeconds(s.ctx.config().frameworkHeartbeatInterval().toMillis() / 1000.0)
          .setMasterInfo(s.ctx.masterInfo())).build());
      session.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
      LOG.info("framework subscribed framework={} name={} stream={} resubscribed={}", fid.getValue(),
          info.getName(), streamId, info.hasId());
      updates.resendTo(fid.getValue());
      s.scheduleAllocation();
    });
  }

  /** Mesos answers an unacceptable SUBSCRIBE with a stream that carries one ERROR and ends. */
  private static void openAndFail(HttpResponder responder, MediaType mediaType, String message) {
    EventStream stream = responder.stream(mediaType.mime(), Map.of());
    new FrameworkSession(FrameworkID.getDefaultInstance(), FrameworkInfo.getDefaultInstance(), "", stream,
        mediaType).fail(message);
  }

  // ---- every other call ----

  void call(Call call, Optional<String> streamId, HttpResponder responder) {
    String fid = call.getFrameworkId().getValue();
    Optional<FrameworkRecord> record = s.registry(r -> r.framework(fid));
    if (record.isEmpty() || record.get().getState() == FrameworkRecord.State.REMOVED) {
      responder.respondText(400, "Framework '" + fid + "' is not registered");
      return;
    }
    Optional<FrameworkSession> session = s.connectedFramework(fid);
    if (session.isEmpty()) {
      responder.respondText(403, "Framework '" + fid + "' is not subscribed");
      return;
    }
    if (streamId.isEmpty()) {
      responder.respondText(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
      return;
    }
    if (!streamId.get().equals(session.get().streamId())) {
      responder.respondText(400, "The stream ID '" + streamId.get() + "' included in this request didn't match"
          + " the stream ID currently associated with framework ID " + fid);
      return;
    }
    FrameworkSession f = session.get();
    if (call.getType() == Call.Type.UPDATE_FRAMEWORK) {
      lifecycle.update(f, call.getUpdateFramework(), responder);
      return;
    }
    responder.respondEmpty(202);
    switch (call.getType()) {
      case TEARDOWN -> lifecycle.teardown(f);
      case ACCEPT -> accept(f, call.getAccept());
      case DECLINE -> decline(f, call.getDecline().getOfferIdsList(),
          call.getDecline().hasFilters() ? call.getDecline().getFilters() : Filters.getDefaultInstance());
      case REVIVE -> {
        s.allocator.reviveOffers(f.frameworkId(), Set.copyOf(call.getRevive().getRolesList()));
        s.scheduleAllocation();
      }
      case SUPPRESS -> s.allocator.suppressOffers(f.frameworkId(), Set.copyOf(call.getSuppress().getRolesList()));
      case KILL -> kill(f, call.getKill());
      case SHUTDOWN -> shutdown(f, call.getShutdown());
      case ACKNOWLEDGE -> updates.acknowledge(f.frameworkId(), call.getAcknowledge().getAgentId().getValue(),
          call.getAcknowledge().getTaskId(), call.getAcknowledge().getUuid());
      case RECONCILE -> reconcile(f, call.getReconcile());
      case MESSAGE -> message(f, call.getMessage());
      case RECONCILE_OPERATIONS -> reconcileOperations(f, call.getReconcileOperations());
      // Talus makes no inverse offers and runs no offer operations that report a status, so these
      // have nothing to act on; Mesos likewise ignores unknown inverse offers and operation ids.
      case REQUEST, ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS, ACKNOWLEDGE_OPERATION_STATUS -> { }
      default -> LOG.warn("unexpected call type {} framework={}", call.getType(), fid);
    }
  }

  // ---- offers ----

  private void accept(FrameworkSession f, Call.Accept accept) {
    FrameworkID fid = f.frameworkId();
    Set<TaskID> live = liveTaskIds(fid.getValue());
    AcceptResult result = AcceptValidator.validate(accept, fid, f.info(), s.offers::get, live);
    for (Offer offer : result.offers()) {
      s.offers.remove(offer.getId());
    }
    long now = LeaderContext.wallNanos();
    for (TaskRejection rejection : result.rejections()) {
      s.sendMasterUpdate(fid.getValue(), rejection.toStatus().setTimestamp(LeaderState.seconds(now)).build());
    }
    if (result.agentId().isEmpty()) {
      return; // no usable offer named: nothing was held, nothing to give back
    }
    AgentID agentId = result.agentId().get();
    if (!result.remaining().isEmpty()) {
      Optional<Filters> filters = result.offersError().isPresent() ? Optional.empty()
          : Optional.of(accept.hasFilters() ? accept.getFilters() : Filters.getDefaultInstance());
      s.allocator.recoverResources(fid, agentId, result.remaining(), filters);
      s.scheduleAllocation();
    }
    for (OperationOutcome outcome : result.operations()) {
      if (!outcome.launched().isEmpty()) {
        launch(f, agentId, outcome);
      } else if (outcome.isRefused() && outcome.rejected().isEmpty()) {
        refused(f, agentId, outcome);
      }
    }
  }

  /**
   * An operation Talus does not run (RESERVE, UNRESERVE, CREATE, DESTROY for now): an operation
   * with an id gets UPDATE_OPERATION_STATUS OPERATION_ERROR with the reason, as Mesos reports
   * failed operations; one without an id can only be logged, as in Mesos.
   */
  private void refused(FrameworkSession f, AgentID agentId, OperationOutcome outcome) {
    Offer.Operation operation = outcome.operation();
    String why = outcome.error().orElse("refused");
    LOG.info("offer operation refused framework={} type={} id={}: {}", f.frameworkId().getValue(),
        operation.getType(), operation.hasId() ? operation.getId().getValue() : "-", why);
    if (operation.hasId()) {
      s.toFramework(f.frameworkId().getValue(), Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS)
          .setUpdateOperationStatus(Event.UpdateOperationStatus.newBuilder().setStatus(OperationStatus.newBuilder()
              .setOperationId(operation.getId()).setState(OperationState.OPERATION_ERROR)
              .setMessage(why).setAgentId(agentId))).build());
    }
  }

  private void launch(FrameworkSession f, AgentID agentId, OperationOutcome outcome) {
    FrameworkID fid = f.frameworkId();
    boolean group = outcome.operation().getType() == Offer.Operation.Type.LAUNCH_GROUP;
    LaunchTasks.Builder op = LaunchTasks.newBuilder().setFrameworkId(fid).setAgentId(agentId);
    List<TaskInfo> tasks = new ArrayList<>();
    for (TaskInfo t : outcome.launched()) {
      tasks.add(t.toBuilder().setAgentId(agentId).build());
    }
    op.addAllTasks(tasks);
    ExecutorInfo executor = null;
    if (group) {
      executor = outcome.operation().getLaunchGroup().getExecutor().toBuilder().setFrameworkId(fid).build();
      op.setExecutor(executor);
    }
    List<TaskKey> keys = tasks.stream().map(t -> new TaskKey(fid.getValue(), t.getTaskId().getValue())).toList();
    s.pendingLaunches.addAll(keys);
    ExecutorInfo groupExecutor = executor;
    s.commit(RegistryOp.newBuilder().setLaunchTasks(op), result -> {
      keys.forEach(s.pendingLaunches::remove);
      if (result.hasRejected()) {
        Rejected r = result.getRejected();
        LOG.info("launch rejected framework={} agent={} tasks={} reason={}", fid.getValue(), agentId.getValue(),
            keys.size(), r.getReason());
        TaskState state = r.getReason() == Rejected.Reason.DUPLICATE_TASK_ID || r.getReason() == Rejected.Reason.INVALID_OP
            ? TaskState.TASK_ERROR : TaskState.TASK_DROPPED;
        TaskStatus.Reason reason = state == TaskState.TASK_ERROR
            ? TaskStatus.Reason.REASON_TASK_INVALID : TaskStatus.Reason.REASON_AGENT_REMOVED;
        for (TaskInfo t : tasks) {
          s.sendMasterUpdate(fid.getValue(), TaskStatus.newBuilder().setTaskId(t.getTaskId()).setAgentId(agentId)
              .setState(state).setReason(reason).setMessage(r.getMessage())
              .setSource(TaskStatus.Source.SOURCE_MASTER)
              .setTimestamp(LeaderState.seconds(LeaderContext.wallNanos())).build());
        }
        s.recoverTaskResources(fid, agentId, outcome.used());
        return;
      }
      LOG.info("tasks launched framework={} agent={} tasks={}", fid.getValue(), agentId.getValue(),
          keys.stream().map(TaskKey::taskId).toList());
      FrameworkInfo info = f.info();
      if (groupExecutor != null) {
        s.toAgent(agentId.getValue(), MasterToAgent.newBuilder().setRunTaskGroup(MasterToAgent.RunTaskGroup
            .newBuilder().setFramework(info).setExecutor(groupExecutor)
            .setTaskGroup(outcome.operation().getLaunchGroup().getTaskGroup().toBuilder()
                .clearTasks().addAllTasks(tasks))).build());
      } else {
        for (TaskInfo t : tasks) {
          s.toAgent(agentId.getValue(), MasterToAgent.newBuilder()
              .setRunTask(MasterToAgent.RunTask.newBuilder().setFramework(info).setTask(t)).build());
        }
      }
    });
  }

  private Set<TaskID> liveTaskIds(String fid) {
    Set<TaskID> ids = new HashSet<>();
    s.registry(r -> r.tasksOf(fid)).forEach(t -> ids.add(t.getInfo().getTaskId()));
    for (TaskKey k : s.pendingLaunches) {
      if (k.frameworkId().equals(fid)) {
        ids.add(TaskID.newBuilder().setValue(k.taskId()).build());
      }
    }
    return ids;
  }

  private void decline(FrameworkSession f, List<OfferID> offerIds, Filters filters) {
    for (OfferID id : offerIds) {
      Optional<OfferBook.Outstanding> o = s.offers.get(id)
          .filter(offer -> offer.getFrameworkId().equals(f.frameworkId()))
          .flatMap(offer -> s.offers.remove(id));
      if (o.isEmpty()) {
        LOG.debug("decline of an unknown offer framework={} offer={}", f.frameworkId().getValue(), id.getValue());
        continue;
      }
      s.allocator.recoverResources(f.frameworkId(), o.get().offer().getAgentId(), o.get().resources(),
          Optional.of(filters));
    }
    s.scheduleAllocation();
  }

  // ---- tasks ----

  private void kill(FrameworkSession f, Call.Kill kill) {
    String fid = f.frameworkId().getValue();
    Optional<TaskRecord> task = s.registry(r -> r.task(fid, kill.getTaskId().getValue()));
    if (task.isEmpty()) {
      if (s.pendingLaunches.contains(new TaskKey(fid, kill.getTaskId().getValue()))) {
        LOG.info("kill of a task still being launched framework={} task={}; the framework should retry",
            fid, kill.getTaskId().getValue());
        return;
      }
      s.sendMasterUpdate(fid, TaskStatus.newBuilder().setTaskId(kill.getTaskId())
          .setState(TaskState.TASK_LOST).setSource(TaskStatus.Source.SOURCE_MASTER)
          .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Attempted to kill an unknown task")
          .setTimestamp(LeaderState.seconds(LeaderContext.wallNanos())).build());
      return;
    }
    String agentId = task.get().getAgentId().getValue();
    MasterToAgent.KillTask.Builder message = MasterToAgent.KillTask.newBuilder()
        .setFrameworkId(f.frameworkId()).setTaskId(kill.getTaskId());
    if (kill.hasKillPolicy()) {
      message.setKillPolicy(kill.getKillPolicy());
    } else if (task.get().getInfo().hasKillPolicy()) {
      message.setKillPolicy(task.get().getInfo().getKillPolicy());
    }
    MasterToAgent m = MasterToAgent.newBuilder().setKillTask(message).build();
    LOG.info("kill task framework={} task={} agent={}", fid, kill.getTaskId().getValue(), agentId);
    if (s.connectedAgent(agentId).isPresent()) {
      s.toAgent(agentId, m);
    } else {
      s.pendingKills.computeIfAbsent(agentId, k -> new ArrayList<>()).add(m);
    }
  }

  private void shutdown(FrameworkSession f, Call.Shutdown shutdown) {
    s.toAgent(shutdown.getAgentId().getValue(), MasterToAgent.newBuilder().setShutdownExecutor(
        MasterToAgent.ShutdownExecutor.newBuilder().setFrameworkId(f.frameworkId())
            .setExecutorId(shutdown.getExecutorId())).build());
  }

  private void message(FrameworkSession f, Call.Message message) {
    s.toAgent(message.getAgentId().getValue(), MasterToAgent.newBuilder().setFrameworkToExecutor(
        MasterToAgent.FrameworkToExecutor.newBuilder().setFrameworkId(f.frameworkId())
            .setExecutorId(message.getExecutorId()).setData(message.getData())).build());
  }

  /**
   * RECONCILE answers from the registry at once, whatever the agents' state: the latest status of
   * every task named (every task of the framework when none is), as master updates without a uuid.
   */
  private void reconcile(FrameworkSession f, Call.Reconcile reconcile) {
    String fid = f.frameworkId().getValue();
    double now = LeaderState.seconds(LeaderContext.wallNanos());
    if (reconcile.getTasksCount() == 0) {
      for (TaskRecord t : s.registry(r -> List.copyOf(r.tasksOf(fid)))) {
        s.sendMasterUpdate(fid, reconciled(t.getLatestStatus(), now));
      }
      return;
    }
    boolean partitionAware = FrameworkInfoValidator.hasCapability(f.info(), Capability.Type.PARTITION_AWARE);
    for (Call.Reconcile.Task wanted : reconcile.getTasksList()) {
      String taskId = wanted.getTaskId().getValue();
      Optional<TaskRecord> task = s.registry(r -> r.task(fid, taskId));
      if (task.isPresent()) {
        s.sendMasterUpdate(fid, reconciled(task.get().getLatestStatus(), now));
        continue;
      }
      TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(wanted.getTaskId())
          .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_RECONCILIATION)
          .setTimestamp(now);
      if (wanted.hasAgentId()) {
        status.setAgentId(wanted.getAgentId());
      }
      if (s.pendingLaunches.contains(new TaskKey(fid, taskId))) {
        status.setState(TaskState.TASK_STAGING);
      } else {
        status.setState(unknownTaskState(wanted, partitionAware));
      }
      s.sendMasterUpdate(fid, status.build());
    }
  }

  /** Mesos's answer for a task the master does not know, by what it knows of the named agent. */
  private TaskState unknownTaskState(Call.Reconcile.Task wanted, boolean partitionAware) {
    if (!partitionAware) {
      return TaskState.TASK_LOST;
    }
    if (!wanted.hasAgentId()) {
      return TaskState.TASK_UNKNOWN;
    }
    Optional<AgentRecord> agent = s.registry(r -> r.agent(wanted.getAgentId().getValue()));
    if (agent.isEmpty()) {
      return TaskState.TASK_UNKNOWN;
    }
    return switch (agent.get().getState()) {
      case UNREACHABLE -> TaskState.TASK_UNREACHABLE;
      case GONE -> TaskState.TASK_GONE;
      default -> TaskState.TASK_UNKNOWN;
    };
  }

  private static TaskStatus reconciled(TaskStatus latest, double now) {
    return latest.toBuilder().clearUuid().setSource(TaskStatus.Source.SOURCE_MASTER)
        .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setTimestamp(now).build();
  }

  /** Talus runs no operations with a status of their own, so every one named is unknown. */
  private void reconcileOperations(FrameworkSession f, Call.ReconcileOperations reconcile) {
    for (Call.ReconcileOperations.Operation op : reconcile.getOperationsList()) {
      OperationStatus.Builder status = OperationStatus.newBuilder()
          .setOperationId(op.getOperationId()).setState(OperationState.OPERATION_UNKNOWN);
      if (op.hasAgentId()) {
        status.setAgentId(op.getAgentId());
      }
      s.toFramework(f.frameworkId().getValue(), Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS)
          .setUpdateOperationStatus(Event.UpdateOperationStatus.newBuilder().setStatus(status)).build());
    }
  }

}
