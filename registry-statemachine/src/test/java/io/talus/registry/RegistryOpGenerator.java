package io.talus.registry;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RequestId;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Test fixture: a seeded, stateful generator of registry log entries that look like a real leading
 * master's. It starts with InitializeCluster, registers agents and frameworks, launches tasks on
 * known agents (sometimes with duplicate ids), moves tasks STAGING → STARTING → RUNNING → terminal
 * with random uuids, acknowledges them (sometimes with a wrong uuid), retransmits unacknowledged
 * updates, marks agents unreachable, removes agents and frameworks, updates roles, and mixes in
 * invalid ops (unknown ids, an op with no case set). Every op carries a strictly increasing
 * {@code time_nanos} from {@link #START_NANOS}; about half carry a {@link RequestId}, and some of
 * those are retried later with the same request id and body.
 *
 * <p>It picks existing entities from {@code view}, which must be the registry that every entry
 * generated so far has been applied to (in order). The output is a function of the seed and the
 * view's contents only (ids are picked from sorted lists, never from hash order), so a run is
 * reproduced by its seed. Uses {@link Random} rather than a property-testing library because it
 * ships in the test-jar that consensus tests and the benchmarks use.
 */
public final class RegistryOpGenerator {

  /** The leader clock's reading for the first op: 2023-11-14T22:13:20Z, in nanoseconds. */
  public static final long START_NANOS = 1_700_000_000_000_000_000L;

  private static final int CLIENTS = 4;
  private static final int AGENT_TARGET = 48;
  private static final int FRAMEWORK_TARGET = 10;
  private static final int MAX_LIVE_TASKS = 2_000;
  private static final int RETRY_HISTORY = 64;
  private static final String[] ROLES = {"*", "web", "batch", "analytics", "ops"};
  private static final TaskState[] TERMINAL_OUTCOMES = {
      TaskState.TASK_FINISHED, TaskState.TASK_FINISHED, TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
      TaskState.TASK_KILLED, TaskState.TASK_LOST};

  /** A task this generator launched: where to find it in the view. */
  private record TaskRef(String frameworkId, String agentId, String taskId) {}

  private record PendingAck(TaskRef task, ByteString uuid) {}

  private final Random random;
  private final String clusterId;
  private final ByteString[] clientIds = new ByteString[CLIENTS];
  private final long[] sequences = new long[CLIENTS];
  private long timeNanos = START_NANOS;
  private long opCount;
  private int agentsNamed;
  private int frameworksNamed;
  private int tasksNamed;
  private int unknownNamed;
  private int agentRemovals;
  private int frameworkRemovals;

  /** Sorted ids of the view's agents and frameworks (neither ever leaves the registry). */
  private final List<String> agentIds = new ArrayList<>();
  private final List<String> frameworkIds = new ArrayList<>();
  private final List<TaskRef> tasks = new ArrayList<>();
  private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();
  private final ArrayDeque<RegistryOp> sentWithRequestId = new ArrayDeque<>();
  private final ArrayDeque<RegistryOp> terminalUpdatesSent = new ArrayDeque<>();
  /** Tasks that an op of the batch being built already refers to: the view does not show it yet. */
  private final Set<TaskRef> touched = new HashSet<>();

  public RegistryOpGenerator(long seed) {
    this.random = new Random(seed);
    this.clusterId = String.format(Locale.ROOT, "%08x-%04x", random.nextInt(), random.nextInt(1 << 16));
    for (int i = 0; i < CLIENTS; i++) {
      clientIds[i] = randomBytes(16);
    }
  }

  /** The cluster id that the first entry initializes the cluster with. */
  public String clusterId() {
    return clusterId;
  }

  /** How many ops this generator has produced. */
  public long opCount() {
    return opCount;
  }

  /** The next log entry: 1 to {@code maxOps} ops. */
  public RegistryBatch nextBatch(Registry view, int maxOps) {
    return nextBatch(view, 1, maxOps);
  }

  /** The next log entry: {@code minOps} to {@code maxOps} ops. */
  public RegistryBatch nextBatch(Registry view, int minOps, int maxOps) {
    if (minOps < 1 || maxOps < minOps) {
      throw new IllegalArgumentException("need 1 <= minOps <= maxOps, got " + minOps + ", " + maxOps);
    }
    refreshIds(view);
    touched.clear();
    int n = minOps + random.nextInt(maxOps - minOps + 1);
    boolean initialized = view.clusterId().isPresent();
    RegistryBatch.Builder batch = RegistryBatch.newBuilder();
    for (int i = 0; i < n; i++) {
      RegistryOp op;
      if (!initialized) {
        op = RegistryOps.initialize(clusterId);
        initialized = true;
      } else {
        op = nextOp(view);
      }
      batch.addOps(stamp(op));
    }
    return batch.build();
  }

  // ---- bookkeeping --------------------------------------------------------------------------------

  private void refreshIds(Registry view) {
    if (view.agents().size() != agentIds.size()) {
      agentIds.clear();
      view.agents().forEach(a -> agentIds.add(a.getInfo().getId().getValue()));
      agentIds.sort(null);
    }
    if (view.frameworks().size() != frameworkIds.size()) {
      frameworkIds.clear();
      view.frameworks().forEach(f -> frameworkIds.add(f.getInfo().getId().getValue()));
      frameworkIds.sort(null);
    }
  }

  /** Stamps the leader's time and, for about half the fresh ops, a request id. */
  private RegistryOp stamp(RegistryOp op) {
    timeNanos += 1 + random.nextInt(2_000_000);
    opCount++;
    RegistryOp.Builder b = op.toBuilder().setTimeNanos(timeNanos);
    if (op.hasRequestId()) {
      return b.build(); // a retry
    }
    if (random.nextBoolean()) {
      int client = random.nextInt(CLIENTS);
      b.setRequestId(RequestId.newBuilder().setClientId(clientIds[client]).setSequence(++sequences[client]));
      if (sentWithRequestId.size() == RETRY_HISTORY) {
        sentWithRequestId.removeFirst();
      }
      sentWithRequestId.addLast(b.build().toBuilder().clearTimeNanos().build());
    }
    return b.build();
  }

  private RegistryOp nextOp(Registry view) {
    if (agentIds.isEmpty() || random.nextInt(8) == 0 && agentIds.size() < 3) {
      return RegistryOps.registerAgent(newAgentInfo());
    }
    if (frameworkIds.isEmpty()) {
      return RegistryOps.registerFramework(newFrameworkInfo());
    }
    int roll = random.nextInt(1000);
    RegistryOp op = null;
    if (roll < 25) {
      op = retry();
    } else if (roll < 55) {
      op = invalid(view);
    } else if (roll < 85) {
      op = agentIds.size() < AGENT_TARGET + agentRemovals
          ? RegistryOps.registerAgent(newAgentInfo()) : reregisterAgent(view);
    } else if (roll < 100) {
      op = frameworkIds.size() < FRAMEWORK_TARGET + frameworkRemovals
          ? RegistryOps.registerFramework(newFrameworkInfo()) : reregisterFramework(view);
    } else if (roll < 125) {
      op = reregisterAgent(view);
    } else if (roll < 140) {
      op = reregisterFramework(view);
    } else if (roll < 150) {
      op = RegistryOps.markUnreachable(pick(agentIds));
    } else if (roll < 152) {
      agentRemovals++;
      op = RegistryOps.removeAgent(pick(agentIds), random.nextInt(3) == 0);
    } else if (roll < 161) {
      op = RegistryOps.disconnectFramework(pick(frameworkIds), timeNanos + 60_000_000_000L);
    } else if (roll < 162) {
      frameworkRemovals++;
      op = RegistryOps.removeFramework(pick(frameworkIds));
    } else if (roll < 175) {
      op = RegistryOps.updateRole(ROLES[random.nextInt(ROLES.length)], 0.5 + random.nextInt(8) * 0.5);
    } else if (roll < 380) {
      op = launch(view);
    } else if (roll < 780) {
      op = statusUpdate(view);
    } else {
      op = acknowledge(view);
    }
    return op != null ? op : fallback(view);
  }

  /** When the chosen kind has nothing to act on: a status update if possible, else a role update. */
  private RegistryOp fallback(Registry view) {
    RegistryOp op = statusUpdate(view);
    return op != null ? op : RegistryOps.updateRole(ROLES[random.nextInt(ROLES.length)], 1);
  }

  // ---- agents and frameworks ----------------------------------------------------------------------

  private AgentInfo newAgentInfo() {
    int n = ++agentsNamed;
    return RegistryOps.agentInfo("agent-" + n + ".rack" + (n % 4) + ".example.com").toBuilder()
        .setPort(5051 + random.nextInt(4))
        .build();
  }

  private FrameworkInfo newFrameworkInfo() {
    FrameworkInfo.Builder info = RegistryOps.frameworkInfo("framework-" + ++frameworksNamed).toBuilder()
        .setFailoverTimeout(random.nextInt(4) * 30)
        .setUser(random.nextBoolean() ? "root" : "svc");
    if (random.nextBoolean()) {
      info.clearRoles().addRoles(ROLES[1 + random.nextInt(ROLES.length - 1)]);
    }
    return info.build();
  }

  private RegistryOp reregisterAgent(Registry view) {
    if (random.nextInt(50) == 0) {
      // An agent this registry never saw (e.g. it was registered before a registry wipe).
      return RegistryOps.reregisterAgent(newAgentInfo().toBuilder()
          .setId(RegistryOps.agentId(clusterId + "-readmitted-" + ++unknownNamed))
          .build());
    }
    // Mostly agents that may come back; sometimes one that was removed (and is refused).
    String id = random.nextInt(5) == 0 ? pick(agentIds) : pickWhere(agentIds, a -> view.agent(a)
        .filter(r -> r.getState() != AgentRecord.State.GONE).isPresent());
    AgentRecord agent = view.agent(id != null ? id : pick(agentIds)).orElseThrow();
    return RegistryOps.reregisterAgent(agent.getInfo());
  }

  private RegistryOp reregisterFramework(Registry view) {
    String id = random.nextInt(5) == 0 ? pick(frameworkIds) : pickWhere(frameworkIds, f -> view.framework(f)
        .filter(r -> r.getState() != FrameworkRecord.State.REMOVED).isPresent());
    FrameworkRecord framework = view.framework(id != null ? id : pick(frameworkIds)).orElseThrow();
    return RegistryOps.reregisterFramework(framework.getInfo().toBuilder()
        .setFailoverTimeout(random.nextInt(4) * 30)
        .build());
  }

  // ---- tasks --------------------------------------------------------------------------------------

  private RegistryOp launch(Registry view) {
    if (tasks.size() >= MAX_LIVE_TASKS) {
      return null;
    }
    String framework = pickWhere(frameworkIds, id -> view.framework(id)
        .filter(f -> f.getState() == FrameworkRecord.State.ACTIVE).isPresent());
    String agent = pickWhere(agentIds, id -> view.agent(id)
        .filter(a -> a.getState() == AgentRecord.State.ACTIVE).isPresent());
    if (framework == null || agent == null) {
      return null;
    }
    List<TaskInfo> infos = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      infos.add(RegistryOps.task(agent, "task-" + ++tasksNamed));
    }
    int duplicate = random.nextInt(25);
    if (duplicate == 0) {
      infos.add(infos.get(0)); // the same id twice in one op
    } else if (duplicate == 1 && !tasks.isEmpty()) {
      TaskRef old = tasks.get(random.nextInt(tasks.size()));
      infos.add(RegistryOps.task(agent, old.taskId())); // may or may not clash with a live task
    }
    LaunchTasks.Builder op = LaunchTasks.newBuilder()
        .setFrameworkId(RegistryOps.frameworkId(framework))
        .setAgentId(RegistryOps.agentId(agent));
    if (random.nextInt(10) == 0) {
      op.setExecutor(RegistryOps.executor("group-executor-" + tasksNamed));
    } else if (random.nextInt(10) == 0) {
      infos.set(0, infos.get(0).toBuilder().clearCommand()
          .setExecutor(RegistryOps.executor("executor-" + tasksNamed)).build());
    }
    op.addAllTasks(infos);
    for (int i = 0; i < count; i++) {
      TaskRef ref = new TaskRef(framework, agent, infos.get(i).getTaskId().getValue());
      tasks.add(ref);
      touched.add(ref);
    }
    return RegistryOp.newBuilder().setLaunchTasks(op).build();
  }

  /** The next status update of a live task, or a retransmission of its unacknowledged one. */
  private RegistryOp statusUpdate(Registry view) {
    if (!terminalUpdatesSent.isEmpty() && random.nextInt(100) == 0) {
      // The agent retransmitted before the acknowledgement reached it; the task may be gone by now.
      return terminalUpdatesSent.pollFirst();
    }
    TaskRef ref = pickLiveTask(view);
    if (ref == null) {
      return null;
    }
    touched.add(ref);
    TaskRecord task = view.task(ref.frameworkId(), ref.taskId()).orElseThrow();
    TaskStatus latest = task.getLatestStatus();
    if (latest.hasUuid() && !task.getAcknowledged()
        && random.nextInt(10) < (TaskStates.isTerminal(latest.getState()) ? 9 : 3)) {
      // No acknowledgement yet: the agent's status update manager retransmits it.
      return RegistryOps.status(ref.frameworkId(), latest);
    }
    TaskState next = nextState(latest.getState());
    TaskStatus.Builder status = TaskStatus.newBuilder()
        .setTaskId(RegistryOps.taskId(ref.taskId()))
        .setState(next)
        .setSource(next == TaskState.TASK_LOST ? TaskStatus.Source.SOURCE_AGENT : TaskStatus.Source.SOURCE_EXECUTOR)
        .setUuid(randomBytes(16));
    if (random.nextInt(30) != 0) {
      status.setAgentId(RegistryOps.agentId(ref.agentId()));
    }
    if (random.nextInt(5) != 0) {
      status.setTimestamp((timeNanos - random.nextInt(1_000_000)) / 1e9);
    }
    if (task.hasExecutorId()) {
      status.setExecutorId(task.getExecutorId());
    }
    if (next == TaskState.TASK_RUNNING) {
      status.setHealthy(random.nextInt(10) != 0);
    } else if (TaskStates.isTerminal(next)) {
      status.setMessage("Command exited with status " + (next == TaskState.TASK_FINISHED ? 0 : 1));
    }
    RegistryOp op = RegistryOps.status(ref.frameworkId(), status.build());
    if (pendingAcks.size() == MAX_LIVE_TASKS) {
      pendingAcks.removeFirst(); // never acknowledged: the framework lost track of it
    }
    pendingAcks.addLast(new PendingAck(ref, status.getUuid()));
    if (TaskStates.isTerminal(next)) {
      if (terminalUpdatesSent.size() == 16) {
        terminalUpdatesSent.removeFirst();
      }
      terminalUpdatesSent.addLast(op);
    }
    return op;
  }

  private TaskState nextState(TaskState current) {
    int r = random.nextInt(100);
    switch (current) {
      case TASK_STAGING:
        return r < 95 ? TaskState.TASK_STARTING : TaskState.TASK_FAILED;
      case TASK_STARTING:
        return r < 95 ? TaskState.TASK_RUNNING : TaskState.TASK_FAILED;
      case TASK_RUNNING:
        if (r < 25) {
          return TaskState.TASK_RUNNING; // a health check changed
        }
        return r < 30 ? TaskState.TASK_KILLING : TERMINAL_OUTCOMES[random.nextInt(TERMINAL_OUTCOMES.length)];
      case TASK_KILLING:
        return TaskState.TASK_KILLED;
      case TASK_UNREACHABLE:
        return r < 70 ? TaskState.TASK_RUNNING : TaskState.TASK_LOST; // the agent came back, or not
      default:
        // Already terminal (awaiting its acknowledgement): a late, conflicting update.
        return TaskState.TASK_FAILED;
    }
  }

  /** An acknowledgement of the oldest update still awaiting one; sometimes with a wrong uuid. */
  private RegistryOp acknowledge(Registry view) {
    Iterator<PendingAck> it = pendingAcks.iterator();
    for (int scanned = 0; it.hasNext() && scanned < 8; scanned++) {
      PendingAck pending = it.next();
      if (touched.contains(pending.task())) {
        continue;
      }
      it.remove();
      Optional<TaskRecord> task = view.task(pending.task().frameworkId(), pending.task().taskId());
      if (task.isEmpty() || !task.get().getLatestStatus().getUuid().equals(pending.uuid())) {
        continue; // superseded or gone; its framework would not ack it any more
      }
      touched.add(pending.task());
      ByteString uuid = random.nextInt(12) == 0 ? randomBytes(16) : pending.uuid();
      return RegistryOps.ack(pending.task().frameworkId(), pending.task().taskId(), uuid);
    }
    return null;
  }

  /** A task of {@link #tasks} that is in the view and untouched in this batch; drops stale ones. */
  private TaskRef pickLiveTask(Registry view) {
    for (int attempt = 0; attempt < 6 && !tasks.isEmpty(); attempt++) {
      int i = random.nextInt(tasks.size());
      TaskRef ref = tasks.get(i);
      if (touched.contains(ref)) {
        continue;
      }
      if (view.task(ref.frameworkId(), ref.taskId()).isPresent()) {
        return ref;
      }
      TaskRef last = tasks.remove(tasks.size() - 1);
      if (i < tasks.size()) {
        tasks.set(i, last);
      }
    }
    return null;
  }

  // ---- retries and invalid ops --------------------------------------------------------------------

  /** A client retrying an earlier request: same request id, same body. */
  private RegistryOp retry() {
    if (sentWithRequestId.isEmpty()) {
      return null;
    }
    int i = random.nextInt(sentWithRequestId.size());
    Iterator<RegistryOp> it = sentWithRequestId.iterator();
    for (int k = 0; k < i; k++) {
      it.next();
    }
    return it.next();
  }

  private RegistryOp invalid(Registry view) {
    String unknown = "unknown-" + ++unknownNamed;
    String framework = pick(frameworkIds);
    String agent = pick(agentIds);
    switch (random.nextInt(12)) {
      case 0:
        return RegistryOps.noOpCase();
      case 1:
        return RegistryOps.launch(unknown, agent, "task-" + ++tasksNamed);
      case 2:
        return RegistryOps.launch(framework, unknown, "task-" + ++tasksNamed);
      case 3:
        return RegistryOps.status(framework, agent, unknown, TaskState.TASK_RUNNING, randomBytes(16));
      case 4:
        return RegistryOps.ack(framework, unknown, randomBytes(16));
      case 5:
        return random.nextBoolean() ? RegistryOps.markUnreachable(unknown) : RegistryOps.removeAgent(unknown, false);
      case 6:
        return random.nextBoolean() ? RegistryOps.disconnectFramework(unknown, timeNanos)
            : RegistryOps.removeFramework(unknown);
      case 7:
        return RegistryOps.registerFramework(newFrameworkInfo().toBuilder()
            .setId(RegistryOps.frameworkId(framework)).build());
      case 8:
        return RegistryOps.registerAgent(newAgentInfo().toBuilder().setId(RegistryOps.agentId(agent)).build());
      case 9:
        return RegistryOps.launch(framework, agent, List.of(RegistryOps.task(unknown, "task-" + ++tasksNamed)));
      case 10:
        return RegistryOps.initialize(clusterId + "-again");
      default:
        double[] badWeights = {0, -1, Double.NaN, Double.POSITIVE_INFINITY};
        return random.nextBoolean()
            ? RegistryOps.updateRole("", 1)
            : RegistryOps.updateRole(ROLES[random.nextInt(ROLES.length)], badWeights[random.nextInt(badWeights.length)]);
    }
  }

  // ---- picking ------------------------------------------------------------------------------------

  private String pick(List<String> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  /** A random id satisfying {@code test}, trying a few; null if none was found. */
  private String pickWhere(List<String> ids, java.util.function.Predicate<String> test) {
    for (int attempt = 0; attempt < 8; attempt++) {
      String id = pick(ids);
      if (test.test(id)) {
        return id;
      }
    }
    return null;
  }

  private ByteString randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }
}
