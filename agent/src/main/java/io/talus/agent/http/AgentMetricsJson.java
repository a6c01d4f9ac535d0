package io.talus.agent.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.agent.state.AgentView;
import io.talus.agent.state.ExecutorView;
import io.talus.agent.state.FrameworkView;
import io.talus.agent.state.TaskView;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.json.state.ResourceGauges;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.resources.Resources;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code GET /metrics/snapshot}: the agent's metrics under Mesos's names ({@code
 * src/slave/metrics.cpp}), one flat object of numbers, all doubles as in Mesos.
 *
 * <p>Definitions, following Mesos's agent gauges:
 *
 * <ul>
 *   <li>{@code tasks_staging|starting|running|killing} count the live tasks in that state; tasks
 *       queued for an executor that has not subscribed count as staging, as in Mesos.
 *   <li>{@code tasks_finished|failed|killed|lost}, the status update and framework message
 *       counts, {@code executors_terminated} and {@code recovery_errors} are the agent's lifetime
 *       counters.
 *   <li>{@code executors_running} counts every live executor: the view does not tell
 *       registering or terminating executors apart, so Mesos's {@code executors_registering} and
 *       {@code executors_terminating} are left out rather than reported as 0.
 *   <li>Resource totals are the agent's non-revocable scalars; {@code _used} sums what the live
 *       executors hold (Mesos's {@code allocatedResources()}: the executor's own resources plus its
 *       live and queued tasks'); {@code _percent} is used / total, 0 when the total is 0.
 * </ul>
 *
 * <p>A pure function of the view and the time it is given.
 */
public final class AgentMetricsJson {

  private static final Map<TaskState, String> LIVE_STATES = Map.of(
      TaskState.TASK_STAGING, "slave/tasks_staging",
      TaskState.TASK_STARTING, "slave/tasks_starting",
      TaskState.TASK_RUNNING, "slave/tasks_running",
      TaskState.TASK_KILLING, "slave/tasks_killing");

  private AgentMetricsJson() {}

  /** @param nowSeconds the wall clock now, seconds since the epoch, for {@code uptime_secs} */
  public static SortedMap<String, Double> values(AgentView view, double nowSeconds) {
    SortedMap<String, Double> m = new TreeMap<>();
    m.put("slave/uptime_secs", Math.max(0.0, nowSeconds - view.startTimeSeconds()));
    m.put("slave/registered", view.registered() ? 1.0 : 0.0);
    m.put("slave/frameworks_active", (double) view.frameworks().size());

    LIVE_STATES.values().forEach(name -> m.put(name, 0.0));
    int executors = 0;
    ResourceGauges resources = new ResourceGauges();
    for (FrameworkView f : view.frameworks()) {
      for (ExecutorView e : f.executors()) {
        executors++;
        for (TaskView t : e.tasks()) {
          String name = LIVE_STATES.get(t.state());
          if (name != null) {
            m.merge(name, 1.0, Double::sum);
          }
        }
        m.merge("slave/tasks_staging", (double) e.queuedTasks().size(), Double::sum);
        resources.addUsed(AgentStateJson.allocated(e));
      }
    }
    m.put("slave/executors_running", (double) executors);

    AgentView.Counters c = view.counters();
    m.put("slave/tasks_finished", (double) c.tasksFinished());
    m.put("slave/tasks_failed", (double) c.tasksFailed());
    m.put("slave/tasks_killed", (double) c.tasksKilled());
    m.put("slave/tasks_lost", (double) c.tasksLost());
    m.put("slave/valid_status_updates", (double) c.validStatusUpdates());
    m.put("slave/invalid_status_updates", (double) c.invalidStatusUpdates());
    m.put("slave/valid_framework_messages", (double) c.validFrameworkMessages());
    m.put("slave/invalid_framework_messages", (double) c.invalidFrameworkMessages());
    m.put("slave/executors_terminated", (double) c.executorsTerminated());
    m.put("slave/recovery_errors", (double) c.recoveryErrors());

    resources.addTotal(Resources.of(view.resources()));
    resources.putInto(m, "slave/");
    return m;
  }

  /** The snapshot as the flat JSON object {@code /metrics/snapshot} answers with. */
  public static ObjectNode render(AgentView view, double nowSeconds) {
    ObjectNode node = StateJsonFields.NODES.objectNode();
    values(view, nowSeconds).forEach(node::put);
    return node;
  }
}
