package io.talus.registry;

import static io.talus.registry.Results.rejected;
import static io.talus.protocol.registry.Rejected.Reason.CLUSTER_ALREADY_INITIALIZED;
import static io.talus.protocol.registry.Rejected.Reason.CLUSTER_NOT_INITIALIZED;
import static io.talus.protocol.registry.Rejected.Reason.INVALID_OP;

import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.AppliedRecord;
import io.talus.protocol.registry.ClusterRecord;
import io.talus.protocol.registry.DedupRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RoleRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.registry.UpdateRole;
import io.talus.storage.KeyValueStore;
import io.talus.storage.Mutation;
import io.talus.storage.RecordDigest;
import io.talus.storage.RecordVisitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: the only writer of registry state is {@link #applyEntry}, which replays one Raft
 * log entry (a group-committed batch of ops) deterministically.
 *
 * <p>Not thread-safe: the consensus layer applies entries on one thread and guards readers.
 */
public final class Registry {

  /** Version of the record layout (keys and record messages) that snapshots of this registry hold. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * How many applied ops' idempotency keys are remembered. A constant, not a setting: every replica
   * must evict the same entries at the same index.
   */
  public static final int DEDUP_CAPACITY = 65_536;

  private final RegistryState state = new RegistryState();

  /**
   * Applies one log entry: each op in order, each with its own result.
   *
   * @throws IllegalStateException if {@code index} is not past the last applied index: applying an
   *     entry twice would corrupt the state (ids and dedup keys derive from the index), so the
   *     replica must stop instead
   */
  public RegistryBatchResult applyEntry(long term, long index, RegistryBatch batch) {
    if (index <= state.applied.getIndex()) {
      throw new IllegalStateException("log entry " + index + " is not after the last applied entry "
          + state.applied.getIndex());
    }
    RegistryBatchResult.Builder results = RegistryBatchResult.newBuilder();
    for (int position = 0; position < batch.getOpsCount(); position++) {
      RegistryOp op = batch.getOps(position);
      results.addResults(applyOnce(new OpContext(index, position, op.getTimeNanos()), op));
    }
    state.setApplied(term, index);
    return results.build();
  }

  private OpResult applyOnce(OpContext ctx, RegistryOp op) {
    if (op.hasRequestId()) {
      DedupRecord earlier = state.dedup(op.getRequestId());
      if (earlier != null) {
        return earlier.getResult();
      }
    }
    OpResult result = apply(ctx, op);
    if (op.hasRequestId()) {
      state.putDedup(new RegistryKey.Dedup(ctx.index(), ctx.position()),
          DedupRecord.newBuilder().setRequestId(op.getRequestId()).setResult(result).build(),
          DEDUP_CAPACITY);
    }
    return result;
  }

  private OpResult apply(OpContext ctx, RegistryOp op) {
    if (op.getOpCase() == RegistryOp.OpCase.INITIALIZE_CLUSTER) {
      return initialize(ctx, op);
    }
    if (state.cluster == null) {
      return rejected(CLUSTER_NOT_INITIALIZED, "the cluster id is not set yet");
    }
    switch (op.getOpCase()) {
      case REGISTER_AGENT:
        return AgentOps.register(state, ctx, op.getRegisterAgent());
      case REREGISTER_AGENT:
        return AgentOps.reregister(state, ctx, op.getReregisterAgent());
      case MARK_AGENT_UNREACHABLE:
        return AgentOps.markUnreachable(state, ctx, op.getMarkAgentUnreachable());
      case REMOVE_AGENT:
        return AgentOps.remove(state, ctx, op.getRemoveAgent());
      case REGISTER_FRAMEWORK:
        return FrameworkOps.register(state, ctx, op.getRegisterFramework());
      case REREGISTER_FRAMEWORK:
        return FrameworkOps.reregister(state, ctx, op.getReregisterFramework());
      case DISCONNECT_FRAMEWORK:
        return FrameworkOps.disconnect(state, ctx, op.getDisconnectFramework());
      case REMOVE_FRAMEWORK:
        return FrameworkOps.remove(state, ctx, op.getRemoveFramework());
      case LAUNCH_TASKS:
        return TaskOps.launch(state, ctx, op.getLaunchTasks());
      case UPDATE_TASK_STATUS:
        return TaskOps.update(state, ctx, op.getUpdateTaskStatus());
      case ACKNOWLEDGE_TASK_STATUS:
        return TaskOps.acknowledge(state, op.getAcknowledgeTaskStatus());
      case UPDATE_ROLE:
        return updateRole(op.getUpdateRole());
      default:
        return rejected(INVALID_OP, "op " + op.getOpCase() + " is not known to this registry");
    }
  }

  private OpResult initialize(OpContext ctx, RegistryOp op) {
    if (state.cluster != null) {
      return rejected(CLUSTER_ALREADY_INITIALIZED, "cluster id is already " + state.cluster.getClusterId());
    }
    String id = op.getInitializeCluster().getClusterId();
    if (id.isBlank()) {
      return rejected(INVALID_OP, "empty cluster id");
    }
    state.setCluster(ClusterRecord.newBuilder().setClusterId(id).setInitializedTimeNanos(ctx.timeNanos()).build());
    return Results.ACCEPTED;
  }

  private OpResult updateRole(UpdateRole op) {
    if (op.getRole().isEmpty()) {
      return rejected(INVALID_OP, "empty role name");
    }
    if (!(op.getWeight() > 0) || Double.isInfinite(op.getWeight())) {
      return rejected(INVALID_OP, "role weight must be a positive number, got " + op.getWeight());
    }
    state.putRole(RoleRecord.newBuilder().setRole(op.getRole()).setWeight(op.getWeight()).build());
    return Results.ACCEPTED;
  }

  // ---- reads ------------------------------------------------------------------------------------

  public Optional<String> clusterId() {
    return Optional.ofNullable(state.cluster).map(ClusterRecord::getClusterId);
  }

  /** The term and index of the last registry entry applied (0/0 for an empty registry). */
  public AppliedRecord applied() {
    return state.applied;
  }

  public Optional<AgentRecord> agent(String agentId) {
    return Optional.ofNullable(state.agents.get(agentId));
  }

  public Collection<AgentRecord> agents() {
    return Collections.unmodifiableCollection(state.agents.values());
  }

  public Optional<FrameworkRecord> framework(String frameworkId) {
    return Optional.ofNullable(state.frameworks.get(frameworkId));
  }

  public Collection<FrameworkRecord> frameworks() {
    return Collections.unmodifiableCollection(state.frameworks.values());
  }

  public Optional<TaskRecord> task(String frameworkId, String taskId) {
    return Optional.ofNullable(state.task(new RegistryKey.Task(frameworkId, taskId)));
  }

  public Collection<TaskRecord> tasksOf(String frameworkId) {
    return Collections.unmodifiableCollection(state.tasks.getOrDefault(frameworkId, Map.of()).values());
  }

  /** The agent's tasks, ordered by framework id, then task id. */
  public List<TaskRecord> tasksOnAgent(String agentId) {
    List<TaskRecord> out = new ArrayList<>();
    state.tasksByAgent.getOrDefault(agentId, java.util.Collections.emptySortedSet()).forEach(k -> out.add(state.task(k)));
    return out;
  }

  public int taskCount() {
    int n = 0;
    for (Map<String, TaskRecord> m : state.tasks.values()) {
      n += m.size();
    }
    return n;
  }

  public Optional<RoleRecord> role(String name) {
    return Optional.ofNullable(state.roles.get(name));
  }

  public Collection<RoleRecord> roles() {
    return Collections.unmodifiableCollection(state.roles.values());
  }

  // ---- records: the live store, snapshots, replica comparison -------------------------------------

  /** The record changes since the last call, to bring a live store up to date. */
  public List<Mutation> drainChanges() {
    return state.drainChanges();
  }

  /** Every record in key order: the canonical content that snapshots hold. */
  public void forEachRecord(RecordVisitor visitor) throws IOException {
    state.forEachRecord(visitor);
  }

  /** SHA-256 of the canonical content; equal on replicas that applied the same entries. */
  public byte[] contentDigest() {
    RecordDigest digest = new RecordDigest();
    try {
      forEachRecord(digest);
    } catch (IOException e) {
      throw new IllegalStateException("a digest cannot fail", e);
    }
    return digest.digest();
  }

  /** Rebuilds a registry from records in key order (a snapshot or a live store). */
  public static Registry restore(KeyValueStore store) throws IOException {
    Registry registry = new Registry();
    store.forEach(registry::load);
    return registry;
  }

  /** Loads one record; for restoring from a stream of records in key order. */
  public void load(byte[] key, byte[] value) throws IOException {
    state.load(key, value);
  }
}
