package io.talus.registry;

import static io.talus.registry.Results.rejected;
import static io.talus.protocol.registry.Rejected.Reason.FRAMEWORK_REMOVED;
import static io.talus.protocol.registry.Rejected.Reason.INVALID_OP;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_FRAMEWORK;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.protocol.registry.DisconnectFramework;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegisterFramework;
import io.talus.protocol.registry.RemoveFramework;
import io.talus.protocol.registry.ReregisterFramework;
import io.talus.protocol.registry.TaskRecord;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;

/** Framework registration, failover, disconnection and removal. */
final class FrameworkOps {

  private FrameworkOps() {}

  static OpResult register(RegistryState state, OpContext ctx, RegisterFramework op) {
    if (op.getFrameworkInfo().hasId()) {
      return rejected(INVALID_OP, "RegisterFramework carries framework id "
          + op.getFrameworkInfo().getId().getValue() + "; a framework with an id reregisters");
    }
    // Unique across every failover: no two entries share a log index, no two ops a position in one.
    FrameworkID id = FrameworkID.newBuilder()
        .setValue(String.format(Locale.ROOT, "%s-%04d-%d", state.cluster.getClusterId(), ctx.index(),
            ctx.position()))
        .build();
    state.putFramework(FrameworkRecord.newBuilder()
        .setInfo(op.getFrameworkInfo().toBuilder().setId(id))
        .setState(FrameworkRecord.State.ACTIVE)
        .setRegisteredTimeNanos(ctx.timeNanos())
        .build());
    return Results.acceptedFramework(id);
  }

  static OpResult reregister(RegistryState state, OpContext ctx, ReregisterFramework op) {
    FrameworkInfo info = op.getFrameworkInfo();
    if (!info.hasId()) {
      return rejected(INVALID_OP, "ReregisterFramework needs the framework's id");
    }
    FrameworkRecord existing = state.frameworks.get(info.getId().getValue());
    if (existing != null && existing.getState() == FrameworkRecord.State.REMOVED) {
      return rejected(FRAMEWORK_REMOVED, "Framework has been removed");
    }
    // As Mesos, a framework id the registry has never seen is admitted (e.g. after a registry wipe).
    FrameworkRecord.Builder b = existing == null
        ? FrameworkRecord.newBuilder().setRegisteredTimeNanos(ctx.timeNanos())
        : existing.toBuilder().clearDisconnectedTimeNanos().clearFailoverDeadlineNanos()
            .setReregisteredTimeNanos(ctx.timeNanos());
    state.putFramework(b.setInfo(info).setState(FrameworkRecord.State.ACTIVE).build());
    return Results.acceptedFramework(info.getId());
  }

  static OpResult disconnect(RegistryState state, OpContext ctx, DisconnectFramework op) {
    FrameworkRecord existing = state.frameworks.get(op.getFrameworkId().getValue());
    OpResult invalid = checkExists(existing, op.getFrameworkId());
    if (invalid != null) {
      return invalid;
    }
    state.putFramework(existing.toBuilder()
        .setState(FrameworkRecord.State.DISCONNECTED)
        .setDisconnectedTimeNanos(ctx.timeNanos())
        .setFailoverDeadlineNanos(op.getFailoverDeadlineNanos())
        .build());
    return Results.ACCEPTED;
  }

  static OpResult remove(RegistryState state, OpContext ctx, RemoveFramework op) {
    String id = op.getFrameworkId().getValue();
    FrameworkRecord existing = state.frameworks.get(id);
    if (existing == null) {
      return rejected(UNKNOWN_FRAMEWORK, "unknown framework " + id);
    }
    if (existing.getState() == FrameworkRecord.State.REMOVED) {
      return Results.ACCEPTED;
    }
    // The record stays, so that a later SUBSCRIBE with this id is told it was removed.
    state.putFramework(existing.toBuilder()
        .setState(FrameworkRecord.State.REMOVED)
        .setRemovedTimeNanos(ctx.timeNanos())
        .build());
    Map<String, TaskRecord> tasks = state.tasks.get(id);
    if (tasks != null) {
      for (TaskRecord task : new ArrayList<>(tasks.values())) {
        state.removeTask(task);
      }
    }
    return Results.ACCEPTED;
  }

  /** Null when the framework exists and is not removed; else the rejection. */
  static OpResult checkExists(FrameworkRecord framework, FrameworkID id) {
    if (framework == null) {
      return rejected(UNKNOWN_FRAMEWORK, "unknown framework " + id.getValue());
    }
    if (framework.getState() == FrameworkRecord.State.REMOVED) {
      return rejected(FRAMEWORK_REMOVED, "framework " + id.getValue() + " has been removed");
    }
    return null;
  }
}
