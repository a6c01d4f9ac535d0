package io.talus.master.leader;

import io.talus.consensus.ConsensusServer;
import io.talus.master.state.AgentView;
import io.talus.master.state.FrameworkView;
import io.talus.master.state.MasterView;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link MasterView}: registry records from this replica, plus, on the leader, what its
 * event loop knows (connections, offers). Runs on the event loop when {@code state} is given.
 */
final class ViewBuilder {

  private ViewBuilder() {}

  /**
   * @param base supplies everything that is not the registry or the leader's state (its agent and
   *     framework lists are ignored)
   */
  static MasterView build(MasterView base, ConsensusServer consensus, Optional<LeaderState> state) {
    record Records(Optional<String> clusterId, List<AgentRecord> agents, List<FrameworkRecord> frameworks,
        Map<String, List<TaskRecord>> tasks) {}
    Records records = consensus.readLocal(r -> {
      Map<String, List<TaskRecord>> tasks = new HashMap<>();
      for (FrameworkRecord f : r.frameworks()) {
        String id = f.getInfo().getId().getValue();
        tasks.put(id, List.copyOf(r.tasksOf(id)));
      }
      return new Records(r.clusterId(), List.copyOf(r.agents()), List.copyOf(r.frameworks()), tasks);
    });
    Map<String, Resources> usedByAgent = new HashMap<>();
    List<FrameworkView> frameworks = new ArrayList<>();
    for (FrameworkRecord f : records.frameworks()) {
      String id = f.getInfo().getId().getValue();
      List<TaskRecord> tasks = records.tasks().getOrDefault(id, List.of());
      Resources used = Resources.empty();
      for (TaskRecord t : tasks) {
        if (!TaskStates.isTerminal(t.getLatestStatus().getState())) {
          Resources r = Resources.of(t.getInfo().getResourcesList());
          used = used.add(r);
          usedByAgent.merge(t.getAgentId().getValue(), r, Resources::add);
        }
      }
      List<Offer> offers = state.map(s -> s.offers.ofFramework(id)).orElse(List.of());
      Resources offered = Resources.empty();
      for (Offer o : offers) {
        offered = offered.add(Resources.of(o.getResourcesList()));
      }
      boolean connected = state.map(s -> s.connectedFramework(id).isPresent()).orElse(false);
      frameworks.add(new FrameworkView(f, connected, tasks, offers, used, offered));
    }
    List<AgentView> agents = new ArrayList<>();
    for (AgentRecord a : records.agents()) {
      String id = a.getInfo().getId().getValue();
      Resources offered = Resources.empty();
      for (Offer o : state.map(s -> s.offers.onAgent(id)).orElse(List.of())) {
        offered = offered.add(Resources.of(o.getResourcesList()));
      }
      boolean connected = state.map(s -> s.connectedAgent(id).isPresent()).orElse(false);
      agents.add(new AgentView(a, connected, usedByAgent.getOrDefault(id, Resources.empty()), offered));
    }
    return new MasterView(base.self(), base.leader(), base.elected(), base.startTimeNanos(),
        base.electedTimeNanos(), records.clusterId(), base.raft(), agents, frameworks,
        state.map(s -> List.copyOf(s.completedTasks)).orElse(List.of()), base.flags(),
        state.map(s -> s.droppedMessages).orElse(0L),
        state.map(s -> (long) s.loop.queued()).orElse(0L), base.nowNanos());
  }
}
