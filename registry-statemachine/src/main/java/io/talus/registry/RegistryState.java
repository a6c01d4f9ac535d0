package io.talus.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.AppliedRecord;
import io.talus.protocol.registry.ClusterRecord;
import io.talus.protocol.registry.DedupRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.RequestId;
import io.talus.protocol.registry.RoleRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.storage.Mutation;
import io.talus.storage.RecordVisitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The registry's records, indexed for the ops, with every change noted as a dirty key so that the
 * live store can be brought up to date with exactly the records that changed. Every write goes
 * through the put/remove methods here; nothing else touches the maps.
 */
final class RegistryState {

  ClusterRecord cluster;
  AppliedRecord applied = AppliedRecord.newBuilder().setTerm(0).setIndex(0).build();
  final Map<String, AgentRecord> agents = new HashMap<>();
  final Map<String, FrameworkRecord> frameworks = new HashMap<>();
  final Map<String, Map<String, TaskRecord>> tasks = new HashMap<>();
  /** Sorted, so that ops visiting an agent's tasks do so in the same order on every replica. */
  final Map<String, SortedSet<RegistryKey.Task>> tasksByAgent = new HashMap<>();
  final Map<String, RoleRecord> roles = new HashMap<>();
  /** Applied ops' idempotency keys and results, in log order (the eviction order). */
  final LinkedHashMap<RegistryKey.Dedup, DedupRecord> dedupByPosition = new LinkedHashMap<>();
  final Map<RequestKey, RegistryKey.Dedup> dedupByRequest = new HashMap<>();
  private final Set<RegistryKey> dirty = new LinkedHashSet<>();

  record RequestKey(com.google.protobuf.ByteString clientId, long sequence) {
    static RequestKey of(RequestId id) {
      return new RequestKey(id.getClientId(), id.getSequence());
    }
  }

  void setCluster(ClusterRecord r) {
    cluster = r;
    dirty.add(new RegistryKey.Cluster());
  }

  void setApplied(long term, long index) {
    applied = AppliedRecord.newBuilder().setTerm(term).setIndex(index).build();
    dirty.add(new RegistryKey.Applied());
  }

  void putAgent(AgentRecord r) {
    String id = r.getInfo().getId().getValue();
    agents.put(id, r);
    dirty.add(new RegistryKey.Agent(id));
  }

  void putFramework(FrameworkRecord r) {
    String id = r.getInfo().getId().getValue();
    frameworks.put(id, r);
    dirty.add(new RegistryKey.Framework(id));
  }

  void putTask(TaskRecord r) {
    RegistryKey.Task key = taskKey(r);
    tasks.computeIfAbsent(key.frameworkId(), f -> new HashMap<>()).put(key.taskId(), r);
    tasksByAgent.computeIfAbsent(r.getAgentId().getValue(), a -> new TreeSet<>(RegistryKey.Task.ORDER)).add(key);
    dirty.add(key);
  }

  void removeTask(TaskRecord r) {
    RegistryKey.Task key = taskKey(r);
    Map<String, TaskRecord> ofFramework = tasks.get(key.frameworkId());
    if (ofFramework != null && ofFramework.remove(key.taskId()) != null) {
      if (ofFramework.isEmpty()) {
        tasks.remove(key.frameworkId());
      }
      SortedSet<RegistryKey.Task> onAgent = tasksByAgent.get(r.getAgentId().getValue());
      onAgent.remove(key);
      if (onAgent.isEmpty()) {
        tasksByAgent.remove(r.getAgentId().getValue());
      }
      dirty.add(key);
    }
  }

  void putRole(RoleRecord r) {
    roles.put(r.getRole(), r);
    dirty.add(new RegistryKey.Role(r.getRole()));
  }

  void putDedup(RegistryKey.Dedup key, DedupRecord r, int capacity) {
    dedupByPosition.put(key, r);
    dedupByRequest.put(RequestKey.of(r.getRequestId()), key);
    dirty.add(key);
    for (Iterator<Map.Entry<RegistryKey.Dedup, DedupRecord>> it = dedupByPosition.entrySet().iterator();
        dedupByPosition.size() > capacity; ) {
      Map.Entry<RegistryKey.Dedup, DedupRecord> eldest = it.next();
      dedupByRequest.remove(RequestKey.of(eldest.getValue().getRequestId()));
      dirty.add(eldest.getKey());
      it.remove();
    }
  }

  DedupRecord dedup(RequestId id) {
    RegistryKey.Dedup key = dedupByRequest.get(RequestKey.of(id));
    return key == null ? null : dedupByPosition.get(key);
  }

  static RegistryKey.Task taskKey(TaskRecord r) {
    return new RegistryKey.Task(r.getFrameworkId().getValue(), r.getInfo().getTaskId().getValue());
  }

  TaskRecord task(RegistryKey.Task key) {
    Map<String, TaskRecord> ofFramework = tasks.get(key.frameworkId());
    return ofFramework == null ? null : ofFramework.get(key.taskId());
  }

  /** The current record under {@code key}, or null when it no longer exists. */
  private MessageLite current(RegistryKey key) {
    if (key instanceof RegistryKey.Agent a) {
      return agents.get(a.id());
    } else if (key instanceof RegistryKey.Task t) {
      return task(t);
    } else if (key instanceof RegistryKey.Framework f) {
      return frameworks.get(f.id());
    } else if (key instanceof RegistryKey.Dedup d) {
      return dedupByPosition.get(d);
    } else if (key instanceof RegistryKey.Role r) {
      return roles.get(r.name());
    } else if (key instanceof RegistryKey.Applied) {
      return applied;
    } else if (key instanceof RegistryKey.Cluster) {
      return cluster;
    }
    throw new IllegalStateException("unhandled registry key " + key);
  }

  /** The changes since the last drain, as store mutations (puts of current records, or deletes). */
  List<Mutation> drainChanges() {
    List<Mutation> out = new ArrayList<>(dirty.size());
    for (RegistryKey key : dirty) {
      MessageLite record = current(key);
      out.add(record == null ? Mutation.delete(key.bytes()) : Mutation.put(key.bytes(), record.toByteArray()));
    }
    dirty.clear();
    return out;
  }

  /** Every record in key order (unsigned bytes), the canonical form that snapshots hold. */
  void forEachRecord(RecordVisitor visitor) throws IOException {
    List<byte[][]> records = new ArrayList<>();
    add(records, new RegistryKey.Cluster(), cluster);
    add(records, new RegistryKey.Applied(), applied);
    agents.forEach((id, r) -> add(records, new RegistryKey.Agent(id), r));
    frameworks.forEach((id, r) -> add(records, new RegistryKey.Framework(id), r));
    tasks.values().forEach(m -> m.values().forEach(r -> add(records, taskKey(r), r)));
    roles.forEach((name, r) -> add(records, new RegistryKey.Role(name), r));
    dedupByPosition.forEach((key, r) -> add(records, key, r));
    records.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    for (byte[][] kv : records) {
      visitor.visit(kv[0], kv[1]);
    }
  }

  private static void add(List<byte[][]> out, RegistryKey key, MessageLite record) {
    if (record != null) {
      out.add(new byte[][] {key.bytes(), record.toByteArray()});
    }
  }

  /** Loads one record of a snapshot or live store; records must arrive in key order. */
  void load(byte[] keyBytes, byte[] value) throws InvalidProtocolBufferException {
    RegistryKey key = RegistryKey.parse(keyBytes);
    if (key instanceof RegistryKey.Agent) {
      putAgent(AgentRecord.parseFrom(value));
    } else if (key instanceof RegistryKey.Task) {
      putTask(TaskRecord.parseFrom(value));
    } else if (key instanceof RegistryKey.Framework) {
      putFramework(FrameworkRecord.parseFrom(value));
    } else if (key instanceof RegistryKey.Dedup d) {
      // Key order is log order, so insertion order (the eviction order) is restored as it was.
      putDedup(d, DedupRecord.parseFrom(value), Integer.MAX_VALUE);
    } else if (key instanceof RegistryKey.Role) {
      putRole(RoleRecord.parseFrom(value));
    } else if (key instanceof RegistryKey.Applied) {
      applied = AppliedRecord.parseFrom(value);
    } else if (key instanceof RegistryKey.Cluster) {
      cluster = ClusterRecord.parseFrom(value);
    }
    dirty.clear();
  }
}
