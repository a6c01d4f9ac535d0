package io.talus.master.leader;

import io.talus.master.allocator.Allocator;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import io.talus.registry.Registry;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable state of one term's leader, owned by its event loop, and the small operations the
 * call handlers share: registry reads and commits, sending to frameworks and agents, rescinding
 * offers. Nothing here is replicated; the registry is the truth and this is rebuilt from it at
 * every failover.
 */
final class LeaderState {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderState.class);
  static final int COMPLETED_TASKS_KEPT = 1000;

  /** A task's key: framework id and task id. */
  record TaskKey(String frameworkId, String taskId) {
    static TaskKey of(TaskRecord t) {
      return new TaskKey(t.getFrameworkId().getValue(), t.getInfo().getTaskId().getValue());
    }
  }

  /** A status update waiting for the framework's acknowledgement, and when it was last sent. */
  static final class Unacked {
    final TaskStatus status;
    long lastSentNanos;

    Unacked(TaskStatus status, long lastSentNanos) {
      this.status = status;
      this.lastSentNanos = lastSentNanos;
    }
  }

  final LeaderContext ctx;
  final long term;
  final EventLoop loop;
  final Allocator allocator;
  final OfferBook offers;
  final Map<String, FrameworkSession> frameworks = new HashMap<>();
  final Map<String, AgentSession> agents = new HashMap<>();
  final Set<String> allocatorFrameworks = new HashSet<>();
  final Set<String> allocatorAgents = new HashSet<>();
  /** Registry agents that were active at failover and have not reregistered yet. */
  final Set<String> awaitingReregistration = new HashSet<>();
  final Map<TaskKey, Unacked> unacked = new HashMap<>();
  /** Tasks whose launch is being committed: their ids are taken, their fate not yet known. */
  final Set<TaskKey> pendingLaunches = new HashSet<>();
  /** Kills for agents that are not connected, sent when they reregister. */
  final Map<String, List<MasterToAgent>> pendingKills = new HashMap<>();
  final ArrayDeque<TaskRecord> completedTasks = new ArrayDeque<>();
  final String clusterId;
  long droppedMessages;
  volatile boolean closed;
  private boolean allocationScheduled;

  LeaderState(LeaderContext ctx, long term, EventLoop loop, Allocator allocator, String clusterId) {
    this.ctx = ctx;
    this.term = term;
    this.loop = loop;
    this.allocator = allocator;
    this.clusterId = clusterId;
    this.offers = new OfferBook(clusterId + "-O" + term);
  }

  static long monoNanos() {
    return System.nanoTime();
  }

  <T> T registry(Function<Registry, T> reader) {
    return ctx.consensus().readLocal(reader);
  }

  /**
   * Commits {@code op} (stamped with the wall clock) and hands the result to {@code onResult} on the
   * event loop. If the group cannot be reached the op's fate is unknown; the next leader recovers
   * from whatever the registry holds, so this leader only logs it.
   */
  void commit(RegistryOp.Builder op, Consumer<OpResult> onResult) {
    op.setTimeNanos(LeaderContext.wallNanos());
    RegistryOp built = op.build();
    ctx.consensus().client().submit(built).whenComplete((result, error) -> loop.execute(() -> {
      if (closed) {
        return;
      }
      if (error != null) {
        LOG.warn("registry commit failed term={} op={}: {}", term, built.getOpCase(), error.toString());
        return;
      }
      onResult.accept(result);
    }));
  }

  /** Runs an allocation round soon, once, however many events ask for one. */
  void scheduleAllocation() {
    if (!allocationScheduled) {
      allocationScheduled = true;
      loop.execute(this::allocationDone);
    }
  }

  private Runnable allocationRound;

  void onAllocation(Runnable round) {
    this.allocationRound = round;
  }

  private void allocationDone() {
    allocationScheduled = false;
    if (!closed && allocationRound != null) {
      allocationRound.run();
    }
  }

  Optional<FrameworkSession> connectedFramework(String frameworkId) {
    FrameworkSession s = frameworks.get(frameworkId);
    return s != null && s.connected() ? Optional.of(s) : Optional.empty();
  }

  Optional<AgentSession> connectedAgent(String agentId) {
    AgentSession s = agents.get(agentId);
    return s != null && s.connected() ? Optional.of(s) : Optional.empty();
  }

  void toFramework(String frameworkId, Event event) {
    Optional<FrameworkSession> s = connectedFramework(frameworkId);
    if (s.isEmpty() || !s.get().send(event)) {
      droppedMessages++;
    }
  }

  /** A master-generated update (no uuid): sent once, never acknowledged. */
  void sendMasterUpdate(String frameworkId, TaskStatus status) {
    Optional<FrameworkSession> s = connectedFramework(frameworkId);
    if (s.isEmpty() || !s.get().sendUpdate(status)) {
      droppedMessages++;
    }
  }

  boolean toAgent(String agentId, MasterToAgent message) {
    Optional<AgentSession> s = connectedAgent(agentId);
    if (s.isPresent() && s.get().send(message)) {
      return true;
    }
    droppedMessages++;
    return false;
  }

  /**
   * Takes back every outstanding offer matching {@code which}: its resources return to the
   * allocator without a filter, and with {@code notify} the framework gets RESCIND.
   */
  void rescindOffers(Predicate<Offer> which, boolean notify) {
    for (OfferBook.Outstanding o : offers.removeIf(which)) {
      Offer offer = o.offer();
      String fid = offer.getFrameworkId().getValue();
      if (allocatorFrameworks.contains(fid) && allocatorAgents.contains(offer.getAgentId().getValue())) {
        allocator.recoverResources(offer.getFrameworkId(), offer.getAgentId(), o.resources(), Optional.empty());
      }
      if (notify) {
        toFramework(fid, Event.newBuilder()
            .setType(Event.Type.RESCIND)
            .setRescind(Event.Rescind.newBuilder().setOfferId(offer.getId()))
            .build());
      }
    }
  }

  /** Resources of a task that ended go back to the pool. */
  void recoverTaskResources(FrameworkID frameworkId, AgentID agentId, Resources resources) {
    if (!resources.isEmpty() && allocatorFrameworks.contains(frameworkId.getValue())
        && allocatorAgents.contains(agentId.getValue())) {
      allocator.recoverResources(frameworkId, agentId, resources, Optional.empty());
      scheduleAllocation();
    }
  }

  void rememberCompleted(TaskRecord task) {
    completedTasks.addLast(task);
    while (completedTasks.size() > COMPLETED_TASKS_KEPT) {
      completedTasks.removeFirst();
    }
  }

  static double seconds(long wallNanos) {
    return wallNanos / 1e9;
  }
}
