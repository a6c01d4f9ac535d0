package io.talus.master.leader;

import io.talus.http.HttpResponder;
import io.talus.master.validation.FrameworkInfoValidator;
import io.talus.master.validation.ValidationResult;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.registry.DisconnectFramework;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RemoveFramework;
import io.talus.protocol.registry.ReregisterFramework;
import io.talus.protocol.registry.TaskRecord;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framework's life on the leader: subscribed, disconnected (its failover timeout running),
 * removed (TEARDOWN or the timeout expired: its tasks are killed and it leaves the allocator).
 */
final class FrameworkLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(FrameworkLifecycle.class);

  private final LeaderState s;
  private final Map<String, ScheduledFuture<?>> failoverTimers = new HashMap<>();

  FrameworkLifecycle(LeaderState state) {
    this.s = state;
  }

  /** A framework the registry knows, added at failover: inactive until it resubscribes. */
  void recovered(FrameworkRecord record, long nowWallNanos) {
    FrameworkInfo info = record.getInfo();
    String fid = info.getId().getValue();
    s.allocator.addFramework(info.getId(), info, false, Set.of());
    s.allocatorFrameworks.add(fid);
    long deadline = record.getState() == FrameworkRecord.State.DISCONNECTED && record.hasFailoverDeadlineNanos()
        ? record.getFailoverDeadlineNanos()
        : nowWallNanos + failoverTimeoutNanos(info);
    scheduleRemoval(info.getId(), deadline - nowWallNanos);
  }

  void subscribed(FrameworkSession session, Set<String> suppressedRoles) {
    String fid = session.frameworkId().getValue();
    cancelTimer(fid);
    if (s.allocatorFrameworks.contains(fid)) {
      s.allocator.updateFramework(session.frameworkId(), session.info(), suppressedRoles);
      s.allocator.activateFramework(session.frameworkId());
    } else {
      s.allocator.addFramework(session.frameworkId(), session.info(), true, suppressedRoles);
      s.allocatorFrameworks.add(fid);
    }
  }

  /** The subscription stream ended: offers go back, the failover timeout starts. */
  void streamClosed(FrameworkSession session) {
    String fid = session.frameworkId().getValue();
    if (s.frameworks.get(fid) != session) {
      return; // replaced by a newer subscription, or already removed
    }
    s.frameworks.remove(fid);
    if (!s.allocatorFrameworks.contains(fid)) {
      return;
    }
    s.allocator.deactivateFramework(session.frameworkId());
    s.rescindOffers(o -> o.getFrameworkId().getValue().equals(fid), false);
    long timeout = failoverTimeoutNanos(session.info());
    long deadline = LeaderContext.wallNanos() + timeout;
    LOG.info("framework disconnected framework={} failover_timeout_secs={}", fid, timeout / 1e9);
    s.commit(RegistryOp.newBuilder().setDisconnectFramework(DisconnectFramework.newBuilder()
        .setFrameworkId(session.frameworkId()).setFailoverDeadlineNanos(deadline)), result -> { });
    scheduleRemoval(session.frameworkId(), timeout);
    s.scheduleAllocation();
  }

  private void scheduleRemoval(FrameworkID fid, long delayNanos) {
    cancelTimer(fid.getValue());
    failoverTimers.put(fid.getValue(), s.loop.schedule(() -> {
      failoverTimers.remove(fid.getValue());
      if (s.connectedFramework(fid.getValue()).isEmpty()) {
        LOG.info("framework failover timeout expired framework={}", fid.getValue());
        remove(fid);
      }
    }, delayNanos));
  }

  private void cancelTimer(String fid) {
    ScheduledFuture<?> t = failoverTimers.remove(fid);
    if (t != null) {
      t.cancel(false);
    }
  }

  void teardown(FrameworkSession session) {
    LOG.info("framework teardown framework={}", session.frameworkId().getValue());
    remove(session.frameworkId());
  }

  /**
   * Commits the removal, then shuts the framework down on every agent that runs its tasks, closes
   * its stream and forgets its offers and allocations.
   */
  private void remove(FrameworkID fid) {
    String id = fid.getValue();
    List<TaskRecord> tasks = s.registry(r -> List.copyOf(r.tasksOf(id)));
    s.commit(RegistryOp.newBuilder().setRemoveFramework(RemoveFramework.newBuilder().setFrameworkId(fid)),
        result -> {
          if (result.hasRejected()) {
            LOG.info("framework removal rejected framework={} reason={}", id, result.getRejected().getReason());
          }
          cancelTimer(id);
          Set<String> agents = new LinkedHashSet<>();
          tasks.forEach(t -> agents.add(t.getAgentId().getValue()));
          MasterToAgent shutdown = MasterToAgent.newBuilder().setShutdownFramework(
              MasterToAgent.ShutdownFramework.newBuilder().setFrameworkId(fid)).build();
          for (String agent : agents) {
            if (!s.toAgent(agent, shutdown)) {
              s.pendingKills.computeIfAbsent(agent, k -> new java.util.ArrayList<>()).add(shutdown);
            }
          }
          s.offers.removeIf(o -> o.getFrameworkId().getValue().equals(id));
          if (s.allocatorFrameworks.remove(id)) {
            s.allocator.removeFramework(fid);
          }
          s.unacked.keySet().removeIf(k -> k.frameworkId().equals(id));
          FrameworkSession session = s.frameworks.remove(id);
          if (session != null) {
            session.stream().close();
          }
          LOG.info("framework removed framework={} tasks={} agents={}", id, tasks.size(), agents.size());
          s.scheduleAllocation();
        });
  }

  /** UPDATE_FRAMEWORK: a new FrameworkInfo for a subscribed framework, committed, then 200. */
  void update(FrameworkSession session, Call.UpdateFramework update, HttpResponder responder) {
    FrameworkInfo info = update.getFrameworkInfo();
    if (!info.getId().equals(session.frameworkId())) {
      responder.respondText(400, "'UpdateFramework.framework_info.id' is not equal to 'Call.framework_id'");
      return;
    }
    ValidationResult valid = FrameworkInfoValidator.validate(info);
    if (!valid.isOk()) {
      responder.respondText(400, valid.message());
      return;
    }
    s.commit(RegistryOp.newBuilder().setReregisterFramework(ReregisterFramework.newBuilder().setFrameworkInfo(info)),
        result -> {
          if (result.hasRejected()) {
            responder.respondText(400, result.getRejected().getMessage());
            return;
          }
          FrameworkSession current = s.frameworks.get(info.getId().getValue());
          if (current == session) {
            FrameworkSession updated = new FrameworkSession(session.frameworkId(), info, session.streamId(),
                session.stream(), session.mediaType());
            s.frameworks.put(info.getId().getValue(), updated);
            session.stream().onClose(() -> s.loop.execute(() -> streamClosed(updated)));
          }
          s.allocator.updateFramework(info.getId(), info, new LinkedHashSet<>(update.getSuppressedRolesList()));
          responder.respondEmpty(200);
          s.scheduleAllocation();
        });
  }

  static long failoverTimeoutNanos(FrameworkInfo info) {
    double secs = Math.max(0, info.getFailoverTimeout());
    return (long) Math.min(secs * 1e9, Long.MAX_VALUE / 4);
  }

  void close() {
    failoverTimers.values().forEach(t -> t.cancel(false));
    failoverTimers.clear();
  }
}
