package io.talus.master.leader;

import com.google.protobuf.ByteString;
import io.talus.master.leader.LeaderState.TaskKey;
import io.talus.master.leader.LeaderState.Unacked;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.registry.AcknowledgeTaskStatus;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.GeneratedUpdate;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.registry.UpdateTaskStatus;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.tasks.TaskStates;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status updates on their way from agents to frameworks, and acknowledgements on their way back.
 * An update is committed before it is forwarded; one with a uuid is sent again until the framework
 * acknowledges it, and the acknowledgement is committed before the agent is told, so a master
 * failover loses neither.
 */
final class StatusUpdates {

  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdates.class);

  private final LeaderState s;

  StatusUpdates(LeaderState state) {
    this.s = state;
  }

  /** An update from an agent's status update manager (possibly a retransmission). */
  void fromAgent(String agentId, AgentToMaster.StatusUpdate update) {
    TaskStatus status = update.getStatus();
    FrameworkID fid = update.getFrameworkId();
    String taskId = status.getTaskId().getValue();
    Optional<FrameworkRecord> framework = s.registry(r -> r.framework(fid.getValue()));
    if (framework.isEmpty() || framework.get().getState() == FrameworkRecord.State.REMOVED) {
      LOG.info("status update for a removed framework; acknowledging and shutting it down agent={}"
          + " framework={} task={}", agentId, fid.getValue(), taskId);
      acknowledgeToAgent(agentId, fid, status.getTaskId(), status.getUuid());
      s.toAgent(agentId, MasterToAgent.newBuilder()
          .setShutdownFramework(MasterToAgent.ShutdownFramework.newBuilder().setFrameworkId(fid)).build());
      return;
    }
    Optional<TaskRecord> task = s.registry(r -> r.task(fid.getValue(), taskId));
    if (task.isEmpty()) {
      // Retired after its terminal update was acknowledged, or never launched through us.
      acknowledgeToAgent(agentId, fid, status.getTaskId(), status.getUuid());
      if (!TaskStates.isTerminal(status.getState())) {
        s.toAgent(agentId, MasterToAgent.newBuilder().setKillTask(MasterToAgent.KillTask.newBuilder()
            .setFrameworkId(fid).setTaskId(status.getTaskId())).build());
      }
      return;
    }
    TaskStatus latest = task.get().getLatestStatus();
    if (status.hasUuid() && status.getUuid().equals(latest.getUuid())) {
      if (task.get().getAcknowledged()) {
        acknowledgeToAgent(agentId, fid, status.getTaskId(), status.getUuid());
      } else {
        forward(fid.getValue(), latest, true);
      }
      return;
    }
    if (TaskStates.isTerminal(latest.getState())) {
      acknowledgeToAgent(agentId, fid, status.getTaskId(), status.getUuid());
      return;
    }
    commitUpdate(fid, status, task.get());
  }

  /** Commits a new status of a known task, then forwards it and frees a finished task's resources. */
  void commitUpdate(FrameworkID fid, TaskStatus status, TaskRecord before) {
    s.commit(RegistryOp.newBuilder().setUpdateTaskStatus(
        UpdateTaskStatus.newBuilder().setFrameworkId(fid).setStatus(status)), result -> {
          if (result.hasRejected()) {
            LOG.info("status update rejected framework={} task={} state={} reason={}", fid.getValue(),
                status.getTaskId().getValue(), status.getState(), result.getRejected().getReason());
            if (status.hasUuid()) {
              acknowledgeToAgent(before.getAgentId().getValue(), fid, status.getTaskId(), status.getUuid());
            }
            return;
          }
          LOG.debug("status update committed framework={} task={} state={}", fid.getValue(),
              status.getTaskId().getValue(), status.getState());
          TaskStatus stored = s.registry(r -> r.task(fid.getValue(), status.getTaskId().getValue()))
              .map(TaskRecord::getLatestStatus).orElse(status);
          forward(fid.getValue(), stored, stored.hasUuid());
          if (TaskStates.isTerminal(status.getState())
              && !TaskStates.isTerminal(before.getLatestStatus().getState())) {
            s.recoverTaskResources(fid, before.getAgentId(), Resources.of(before.getInfo().getResourcesList()));
            s.rememberCompleted(before.toBuilder().setLatestStatus(stored).build());
          }
        });
  }

  /** Forwards the updates an op generated (an agent became unreachable or was removed). */
  void forwardGenerated(OpResult result) {
    for (GeneratedUpdate u : result.getAccepted().getUpdatesList()) {
      forward(u.getFrameworkId().getValue(), u.getStatus(), false);
    }
  }

  /** Sends an update to its framework; one with a uuid is remembered for retries. */
  void forward(String frameworkId, TaskStatus status, boolean needsAck) {
    TaskKey key = new TaskKey(frameworkId, status.getTaskId().getValue());
    if (needsAck) {
      s.unacked.put(key, new Unacked(status, LeaderState.monoNanos()));
    } else {
      s.unacked.remove(key);
    }
    s.sendMasterUpdate(frameworkId, status);
  }

  /** ACKNOWLEDGE from a framework. */
  void acknowledge(FrameworkID fid, String agentIdHint, TaskID taskId, ByteString uuid) {
    Optional<TaskRecord> task = s.registry(r -> r.task(fid.getValue(), taskId.getValue()));
    String agentId = task.map(t -> t.getAgentId().getValue()).orElse(agentIdHint);
    if (task.isEmpty() || task.get().getAcknowledged() || !task.get().getLatestStatus().getUuid().equals(uuid)) {
      // Already acknowledged (or superseded): the agent may still be waiting to hear it.
      acknowledgeToAgent(agentId, fid, taskId, uuid);
      return;
    }
    TaskRecord before = task.get();
    s.commit(RegistryOp.newBuilder().setAcknowledgeTaskStatus(AcknowledgeTaskStatus.newBuilder()
        .setFrameworkId(fid).setTaskId(taskId).setUuid(uuid)), result -> {
          TaskKey key = new TaskKey(fid.getValue(), taskId.getValue());
          Unacked pending = s.unacked.get(key);
          if (pending != null && pending.status.getUuid().equals(uuid)) {
            s.unacked.remove(key);
          }
          if (result.hasRejected()) {
            LOG.info("acknowledgement rejected framework={} task={} reason={}", fid.getValue(),
                taskId.getValue(), result.getRejected().getReason());
          }
          acknowledgeToAgent(before.getAgentId().getValue(), fid, taskId, uuid);
        });
  }

  private void acknowledgeToAgent(String agentId, FrameworkID fid, TaskID taskId, ByteString uuid) {
    if (agentId == null || uuid.isEmpty()) {
      return;
    }
    s.toAgent(agentId, MasterToAgent.newBuilder().setAcknowledgement(
        MasterToAgent.StatusUpdateAcknowledgement.newBuilder()
            .setFrameworkId(fid).setTaskId(taskId).setUuid(uuid)).build());
  }

  /** Sends again every unacknowledged update older than the retry interval. */
  void retry(long retryNanos) {
    long now = LeaderState.monoNanos();
    for (Map.Entry<TaskKey, Unacked> e : s.unacked.entrySet()) {
      Unacked u = e.getValue();
      if (now - u.lastSentNanos >= retryNanos && s.connectedFramework(e.getKey().frameworkId()).isPresent()) {
        u.lastSentNanos = now;
        s.sendMasterUpdate(e.getKey().frameworkId(), u.status);
      }
    }
  }

  /** A (re)subscribed framework gets every update it has not acknowledged yet. */
  void resendTo(String frameworkId) {
    long now = LeaderState.monoNanos();
    for (Map.Entry<TaskKey, Unacked> e : s.unacked.entrySet()) {
      if (e.getKey().frameworkId().equals(frameworkId)) {
        e.getValue().lastSentNanos = now;
        s.sendMasterUpdate(frameworkId, e.getValue().status);
      }
    }
  }
}
