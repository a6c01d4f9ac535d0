package io.talus.master.state;

import static io.talus.protocol.json.state.StateJsonFields.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.json.state.TaskStateJson;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import java.util.List;

/**
 * One framework of {@code /master/state} as Mesos's {@code FullFrameworkWriter} writes it, with its
 * tasks and offers in Mesos's task and offer JSON.
 *
 * <p>Mesos's framework states map onto Talus's as follows: a registered framework whose
 * subscription is open is {@code active} and {@code connected}; one the registry holds as ACTIVE
 * but that has no subscription to this master (after a failover, or on a follower) is {@code
 * recovered}, as Mesos marks frameworks it learnt of from the registry; a DISCONNECTED one is
 * neither.
 */
final class FrameworkJson {

  private FrameworkJson() {}

  static boolean registered(FrameworkView f) {
    FrameworkRecord.State s = f.record().getState();
    return s == FrameworkRecord.State.ACTIVE || s == FrameworkRecord.State.DISCONNECTED;
  }

  static boolean active(FrameworkView f) {
    return f.record().getState() == FrameworkRecord.State.ACTIVE && f.connected();
  }

  static boolean connected(FrameworkView f) {
    return registered(f) && f.connected();
  }

  static boolean recovered(FrameworkView f) {
    return f.record().getState() == FrameworkRecord.State.ACTIVE && !f.connected();
  }

  /** @param completedTasks this framework's completed tasks, oldest first */
  @SuppressWarnings("deprecation") // FrameworkInfo.role: what single-role frameworks still set
  static ObjectNode framework(FrameworkView f, List<TaskRecord> completedTasks) {
    FrameworkRecord record = f.record();
    FrameworkInfo info = record.getInfo();
    ObjectNode node = NODES.objectNode();
    node.put("id", f.id());
    node.put("name", info.getName());
    node.set("used_resources", StateJsonFields.resources(f.used()));
    node.set("offered_resources", StateJsonFields.resources(f.offered()));
    node.set(
        "capabilities",
        StateJsonFields.names(
            info.getCapabilitiesList().stream().map(c -> c.getType()).toList()));
    node.put("hostname", info.getHostname());
    node.put("webui_url", info.getWebuiUrl());
    node.put("active", active(f));
    node.put("connected", connected(f));
    node.put("recovered", recovered(f));
    node.put("user", info.getUser());
    node.put("failover_timeout", info.getFailoverTimeout());
    node.put("checkpoint", info.getCheckpoint());
    // Mesos writes "role" for single-role frameworks and "roles" for MULTI_ROLE ones; "roles" is
    // written for both here, so that readers of either generation find the list.
    ArrayNode roles = NODES.arrayNode();
    if (multiRole(info)) {
      info.getRolesList().forEach(roles::add);
    } else {
      node.put("role", info.getRole());
      roles.add(info.getRole());
    }
    node.set("roles", roles);
    if (info.hasPrincipal()) {
      node.put("principal", info.getPrincipal());
    }
    node.put("registered_time", StateJsonFields.seconds(record.getRegisteredTimeNanos()));
    if (record.hasReregisteredTimeNanos()) {
      node.put("reregistered_time", StateJsonFields.seconds(record.getReregisteredTimeNanos()));
    }
    // Mesos sets it when the framework is removed; 0 until then.
    node.put("unregistered_time", StateJsonFields.seconds(record.getRemovedTimeNanos()));
    node.set("resources", StateJsonFields.resources(f.used().add(f.offered())));

    ArrayNode tasks = node.putArray("tasks");
    ArrayNode unreachable = node.putArray("unreachable_tasks");
    for (TaskRecord t : f.tasks()) {
      (t.getLatestStatus().getState() == TaskState.TASK_UNREACHABLE ? unreachable : tasks)
          .add(task(t));
    }
    ArrayNode completed = node.putArray("completed_tasks");
    completedTasks.forEach(t -> completed.add(task(t)));
    ArrayNode offers = node.putArray("offers");
    f.offers().forEach(o -> offers.add(offer(o)));
    if (info.hasLabels()) {
      node.set("labels", StateJsonFields.labels(info.getLabels()));
    }
    return node;
  }

  /** Mesos's task JSON, with the one status the registry keeps: the latest. */
  static ObjectNode task(TaskRecord t) {
    TaskStatus latest = t.getLatestStatus();
    return TaskStateJson.task(
        t.getInfo(),
        t.getFrameworkId(),
        t.getExecutorId(),
        t.getAgentId(),
        latest.getState(),
        List.of(latest));
  }

  /** Mesos's offer JSON ({@code json(JSON::ObjectWriter*, const Offer&)}). */
  static ObjectNode offer(Offer o) {
    ObjectNode node = NODES.objectNode();
    node.put("id", o.getId().getValue());
    node.put("framework_id", o.getFrameworkId().getValue());
    if (o.hasAllocationInfo()) {
      node.set("allocation_info", StateJsonFields.proto(o.getAllocationInfo()));
    }
    node.put("slave_id", o.getAgentId().getValue());
    node.set("resources", StateJsonFields.resources(o.getResourcesList()));
    return node;
  }

  private static boolean multiRole(FrameworkInfo info) {
    return info.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
  }
}
