package io.talus.master.state;

import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.protocol.registry.TaskRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable picture of one master for the operator surface ({@code /master/state}, {@code
 * /metrics/snapshot}, {@code POST /api/v1}). The leader takes it on its event loop, so registry
 * records and leader-only facts (connections, offers, allocations) agree; a follower builds it from
 * its replica of the registry, with nothing connected and nothing offered.
 *
 * @param self this master
 * @param leader the leading master when one is known (equal to {@code self} on the leader)
 * @param elected whether this master leads
 * @param startTimeNanos when this master process started, nanoseconds since the epoch
 * @param electedTimeNanos when this master last became leader
 * @param clusterId the registry's cluster id once initialized
 * @param raft this peer's Raft view
 * @param agents every agent the registry knows (including unreachable and gone ones)
 * @param frameworks every framework the registry knows (including removed ones), with tasks
 * @param completedTasks terminal tasks the leader still remembers, newest last (bounded)
 * @param flags the master's effective flags, by Mesos-style name
 * @param droppedMessages messages the leader could not deliver (closed streams, full queues)
 * @param eventQueueMessages events waiting for the leader's event loop
 * @param nowNanos when the view was taken, nanoseconds since the epoch
 */
public record MasterView(
    MasterInfo self,
    Optional<MasterInfo> leader,
    boolean elected,
    long startTimeNanos,
    OptionalLong electedTimeNanos,
    Optional<String> clusterId,
    RaftView raft,
    List<AgentView> agents,
    List<FrameworkView> frameworks,
    List<TaskRecord> completedTasks,
    Map<String, String> flags,
    long droppedMessages,
    long eventQueueMessages,
    long nowNanos) {

  public MasterView {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(leader, "leader");
    Objects.requireNonNull(electedTimeNanos, "electedTimeNanos");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(raft, "raft");
    agents = List.copyOf(agents);
    frameworks = List.copyOf(frameworks);
    completedTasks = List.copyOf(completedTasks);
    flags = Map.copyOf(flags);
  }
}
