package io.talus.master.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.json.state.ResourceGauges;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code GET /metrics/snapshot}: the master's metrics under Mesos's names, plus Talus's Raft
 * progress under {@code talus/}.
 *
 * <p>Mesos's metrics are all doubles and so are these ({@code "master/elected": 1.0}); the {@code
 * talus/} ones are Raft terms and log indexes, written as integers.
 *
 * <p>Definitions, following Mesos's master gauges:
 *
 * <ul>
 *   <li>Resource totals and use are over registered (ACTIVE) agents and non-revocable resources;
 *       {@code _used} is what their tasks use (offers are not use); {@code _percent} is used /
 *       total, 0 when the total is 0.
 *   <li>{@code slaves_active} counts ACTIVE agents (Talus has no deactivation, so {@code
 *       slaves_inactive} is 0), split into {@code connected} and {@code disconnected} by their
 *       stream to this master; {@code slaves_unreachable} counts UNREACHABLE agents.
 *   <li>Frameworks: registered ones (ACTIVE or DISCONNECTED records), {@code active}/{@code
 *       inactive} and {@code connected}/{@code disconnected} as {@link FrameworkJson} defines.
 *   <li>{@code tasks_<state>} counts the registry's tasks whose latest state it is plus the
 *       completed tasks the master remembers (Mesos counts terminal states as they happen; Talus
 *       derives them from what it holds, so a master failover restarts those counts).
 * </ul>
 */
public final class MetricsSnapshot {

  private MetricsSnapshot() {}

  public static SortedMap<String, Number> render(MasterView view) {
    SortedMap<String, Number> m = new TreeMap<>();
    m.put("master/elected", view.elected() ? 1.0 : 0.0);
    m.put(
        "master/uptime_secs", StateJsonFields.seconds(view.nowNanos() - view.startTimeNanos()));

    ResourceGauges resources = new ResourceGauges();
    int active = 0;
    int connected = 0;
    int unreachable = 0;
    for (AgentView agent : view.agents()) {
      AgentRecord.State s = agent.record().getState();
      if (s == AgentRecord.State.ACTIVE) {
        active++;
        connected += agent.connected() ? 1 : 0;
        resources.addTotal(Resources.of(agent.record().getInfo().getResourcesList()));
        resources.addUsed(agent.used());
      } else if (s == AgentRecord.State.UNREACHABLE) {
        unreachable++;
      }
    }
    resources.putInto(m, "master/");
    m.put("master/slaves_active", (double) active);
    m.put("master/slaves_inactive", 0.0);
    m.put("master/slaves_connected", (double) connected);
    m.put("master/slaves_disconnected", (double) (active - connected));
    m.put("master/slaves_unreachable", (double) unreachable);

    int registered = 0;
    int frameworksActive = 0;
    int frameworksConnected = 0;
    int offers = 0;
    Map<TaskState, Integer> tasks = new EnumMap<>(TaskState.class);
    Set<String> inRegistry = new HashSet<>();
    for (FrameworkView f : view.frameworks()) {
      if (FrameworkJson.registered(f)) {
        registered++;
        frameworksActive += FrameworkJson.active(f) ? 1 : 0;
        frameworksConnected += FrameworkJson.connected(f) ? 1 : 0;
      }
      offers += f.offers().size();
      for (TaskRecord t : f.tasks()) {
        tasks.merge(t.getLatestStatus().getState(), 1, Integer::sum);
        inRegistry.add(key(t));
      }
    }
    for (TaskRecord t : view.completedTasks()) {
      if (!inRegistry.contains(key(t))) {
        tasks.merge(t.getLatestStatus().getState(), 1, Integer::sum);
      }
    }
    m.put("master/frameworks_active", (double) frameworksActive);
    m.put("master/frameworks_inactive", (double) (registered - frameworksActive));
    m.put("master/frameworks_connected", (double) frameworksConnected);
    m.put("master/frameworks_disconnected", (double) (registered - frameworksConnected));
    m.put("master/outstanding_offers", (double) offers);
    for (TaskState state : TaskState.values()) {
      if (state != TaskState.TASK_UNKNOWN) {
        m.put(taskMetric(state), (double) tasks.getOrDefault(state, 0));
      }
    }
    m.put("master/dropped_messages", (double) view.droppedMessages());
    m.put("master/event_queue_messages", (double) view.eventQueueMessages());

    m.put("talus/raft_term", view.raft().term());
    m.put("talus/raft_commit_index", view.raft().commitIndex());
    m.put("talus/raft_applied_index", view.raft().appliedIndex());
    return m;
  }

  /** The snapshot as the flat JSON object {@code /metrics/snapshot} answers with. */
  public static ObjectNode renderJson(MasterView view) {
    ObjectNode node = StateJsonFields.NODES.objectNode();
    render(view)
        .forEach(
            (name, value) -> {
              if (value instanceof Double) {
                node.put(name, value.doubleValue());
              } else {
                node.put(name, value.longValue());
              }
            });
    return node;
  }

  /** {@code TASK_GONE_BY_OPERATOR} → {@code master/tasks_gone_by_operator}. */
  static String taskMetric(TaskState state) {
    return "master/tasks_" + state.name().substring("TASK_".length()).toLowerCase(Locale.ROOT);
  }

  private static String key(TaskRecord t) {
    return t.getFrameworkId().getValue() + "/" + t.getInfo().getTaskId().getValue();
  }
}
