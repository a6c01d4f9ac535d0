package io.talus.agent.http;

import static io.talus.protocol.json.state.StateJsonFields.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.agent.state.AgentView;
import io.talus.agent.state.ExecutorView;
import io.talus.agent.state.FrameworkView;
import io.talus.agent.state.TaskView;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.json.state.TaskStateJson;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /state} (and {@code /slave(1)/state}, {@code /state.json}): Mesos 1.11's agent state
 * JSON ({@code src/slave/http.cpp}, {@code Http::state} and its framework, executor and task
 * writers), old naming ({@code slave_id}) and all, so that Mesos tooling reads it unchanged.
 *
 * <p>Where Talus differs from Mesos:
 *
 * <ul>
 *   <li>{@code version} is the Mesos release whose API Talus speaks ({@link #MESOS_VERSION});
 *       Talus's own version is {@code talus_version}. There are no build facts: {@code
 *       build_date} and {@code build_user} are empty, {@code build_time} is 0, {@code git_sha}
 *       is left out.
 *   <li>{@code id} is left out until the agent has an id; {@code master_hostname} is the host of
 *       the master endpoint as given (Mesos asks reverse DNS; this stays a pure function).
 *   <li>{@code capabilities} are those of {@link #CAPABILITIES} only; {@code log_dir} and the
 *       {@code *_allocated} resource fields are left out.
 *   <li>A framework has {@code roles} always and {@code role} when it is not MULTI_ROLE (Mesos
 *       writes one or the other), and its {@code capabilities}.
 *   <li>An executor's {@code type} is {@code COMMAND} for the executor the agent runs for a
 *       command task, {@code DEFAULT} or {@code CUSTOM} otherwise; Mesos writes the ExecutorInfo's
 *       type, which its own command executors carry as CUSTOM.
 *   <li>A task's {@code executor_id} names the executor running it, also for command tasks
 *       (Mesos leaves it empty for those); queued tasks are written as tasks (state
 *       TASK_STAGING) rather than as TaskInfos; statuses leave out {@code container_status}.
 *   <li>Talus's extras: {@code isolation} (how tasks are isolated, or why they are not), {@code
 *       recovering}, {@code registered} and {@code master} (the endpoint of the master the agent
 *       is linked to).
 * </ul>
 *
 * <p>A pure function of the view: no clock, no IO.
 */
public final class AgentStateJson {

  /** The Mesos release whose APIs (and therefore this JSON) Talus follows. */
  public static final String MESOS_VERSION = "1.11.0";

  /**
   * What a Talus agent can truly claim: it takes resources in any format (post-refinement
   * reservations, allocation roles, hierarchical role names) as given. It has no resource
   * providers, volume resizing, operation feedback, draining or task resource limits.
   */
  public static final List<AgentInfo.Capability.Type> CAPABILITIES = List.of(
      AgentInfo.Capability.Type.MULTI_ROLE,
      AgentInfo.Capability.Type.HIERARCHICAL_ROLE,
      AgentInfo.Capability.Type.RESERVATION_REFINEMENT);

  private AgentStateJson() {}

  public static ObjectNode render(AgentView view) {
    ObjectNode state = NODES.objectNode();
    state.put("version", MESOS_VERSION);
    state.put("talus_version", view.version());
    state.put("build_date", "");
    state.put("build_time", 0.0);
    state.put("build_user", "");
    state.put("start_time", view.startTimeSeconds());
    view.id().ifPresent(id -> state.put("id", id));
    state.put("pid", pid(view));
    state.put("hostname", view.hostname());
    state.set("capabilities", StateJsonFields.names(CAPABILITIES));

    Resources total = Resources.of(view.resources());
    Resources unreserved = StateJsonFields.unreserved(total);
    state.set("resources", StateJsonFields.resources(total));
    state.set("reserved_resources", StateJsonFields.reservedResources(total));
    state.set("unreserved_resources", StateJsonFields.resources(unreserved));
    state.set("reserved_resources_full", StateJsonFields.reservedResourcesFull(total));
    state.set("unreserved_resources_full", StateJsonFields.fullResources(unreserved));
    state.set("attributes", StateJsonFields.attributes(view.attributes()));
    view.master().flatMap(AgentStateJson::host).ifPresent(h -> state.put("master_hostname", h));
    ObjectNode flags = state.putObject("flags");
    new TreeMap<>(view.flags()).forEach(flags::put);

    AgentID agentId = AgentID.newBuilder().setValue(view.id().orElse("")).build();
    ArrayNode frameworks = state.putArray("frameworks");
    view.frameworks().forEach(f -> frameworks.add(framework(f, agentId)));
    ArrayNode completed = state.putArray("completed_frameworks");
    view.completedFrameworks().forEach(f -> completed.add(framework(f, agentId)));

    state.put("isolation", view.isolation());
    state.put("recovering", view.recovering());
    state.put("registered", view.registered());
    view.master().ifPresent(m -> state.put("master", m));
    return state;
  }

  /** Mesos's agent pid, {@code slave(1)@ip:port}. */
  static String pid(AgentView view) {
    String ip = view.ip().contains(":") ? "[" + view.ip() + "]" : view.ip();
    return "slave(1)@" + ip + ":" + view.port();
  }

  /** Mesos's {@code FrameworkWriter}. */
  @SuppressWarnings("deprecation") // FrameworkInfo.role: what single-role frameworks still set
  static ObjectNode framework(FrameworkView f, AgentID agentId) {
    FrameworkInfo info = f.info();
    ObjectNode node = NODES.objectNode();
    node.put("id", frameworkId(f));
    node.put("name", info.getName());
    node.put("user", info.getUser());
    node.put("failover_timeout", info.getFailoverTimeout());
    node.put("checkpoint", info.getCheckpoint());
    node.put("hostname", info.getHostname());
    if (info.hasPrincipal()) {
      node.put("principal", info.getPrincipal());
    }
    ArrayNode roles = NODES.arrayNode();
    boolean multiRole = info.getCapabilitiesList().stream()
        .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
    if (multiRole) {
      info.getRolesList().forEach(roles::add);
    } else {
      node.put("role", info.getRole());
      roles.add(info.getRole());
    }
    node.set("roles", roles);
    node.set("capabilities",
        StateJsonFields.names(info.getCapabilitiesList().stream().map(c -> c.getType()).toList()));
    ArrayNode executors = node.putArray("executors");
    f.executors().forEach(e -> executors.add(executor(e, agentId)));
    ArrayNode completed = node.putArray("completed_executors");
    f.completedExecutors().forEach(e -> completed.add(executor(e, agentId)));
    return node;
  }

  /** Mesos's {@code ExecutorWriter}. */
  static ObjectNode executor(ExecutorView e, AgentID agentId) {
    ExecutorInfo info = e.info();
    ExecutorID executorId = info.getExecutorId();
    ObjectNode node = NODES.objectNode();
    node.put("id", executorId.getValue());
    node.put("name", info.getName());
    node.put("source", info.getSource());
    node.put("container", e.containerId());
    node.put("directory", e.directory());
    node.set("resources", StateJsonFields.resources(allocated(e)));
    if (info.getResourcesCount() > 0 && info.getResources(0).hasAllocationInfo()) {
      // Mesos: an executor's resources are all allocated to one role (MESOS-6636).
      node.put("role", info.getResources(0).getAllocationInfo().getRole());
    }
    if (info.hasLabels()) {
      node.set("labels", StateJsonFields.labels(info.getLabels()));
    }
    node.put("type", e.kind().toUpperCase(Locale.ROOT));
    ArrayNode tasks = node.putArray("tasks");
    e.tasks().forEach(t -> tasks.add(task(t, executorId, agentId)));
    ArrayNode queued = node.putArray("queued_tasks");
    e.queuedTasks().forEach(t -> queued.add(task(t, executorId, agentId)));
    ArrayNode completed = node.putArray("completed_tasks");
    e.completedTasks().forEach(t -> completed.add(task(t, executorId, agentId)));
    return node;
  }

  /**
   * Mesos's {@code Executor::allocatedResources()}: the executor's own resources plus those of
   * its live and queued tasks. {@code /metrics/snapshot}'s {@code _used} values sum these.
   */
  static Resources allocated(ExecutorView e) {
    List<Resource> all = new ArrayList<>(e.info().getResourcesList());
    e.tasks().forEach(t -> all.addAll(t.info().getResourcesList()));
    e.queuedTasks().forEach(t -> all.addAll(t.info().getResourcesList()));
    return Resources.of(all);
  }

  /**
   * Mesos's task JSON, with every status the agent produced for the task. Its agent is the one
   * its TaskInfo names, else this agent.
   */
  static ObjectNode task(TaskView t, ExecutorID executorId, AgentID agentId) {
    TaskInfo info = t.info();
    return TaskStateJson.task(
        info,
        t.frameworkId(),
        executorId,
        info.hasAgentId() ? info.getAgentId() : agentId,
        t.state(),
        t.statuses().stream().map(AgentStateJson::withoutContainerStatus).toList());
  }

  /**
   * The agent's statuses leave out {@code container_status} (see the class comment). Partial, so
   * that rendering never fails on what it is shown.
   */
  private static TaskStatus withoutContainerStatus(TaskStatus status) {
    return status.hasContainerStatus()
        ? status.toBuilder().clearContainerStatus().buildPartial()
        : status;
  }

  /** FrameworkInfo.id, or the id its executors carry if the info came without one. */
  private static String frameworkId(FrameworkView f) {
    if (f.info().hasId()) {
      return f.info().getId().getValue();
    }
    return f.executors().stream()
        .map(e -> e.info().getFrameworkId().getValue())
        .filter(id -> !id.isEmpty())
        .findFirst()
        .orElse("");
  }

  /** The host of an endpoint given as {@code http://host:port/...}, {@code host:port} or a host. */
  static Optional<String> host(String endpoint) {
    String e = endpoint.trim();
    int scheme = e.indexOf("://");
    if (scheme >= 0) {
      e = e.substring(scheme + 3);
    }
    int slash = e.indexOf('/');
    if (slash >= 0) {
      e = e.substring(0, slash);
    }
    if (e.startsWith("[")) {
      int close = e.indexOf(']');
      e = close > 0 ? e.substring(1, close) : e;
    } else if (e.indexOf(':') == e.lastIndexOf(':') && e.indexOf(':') >= 0) {
      e = e.substring(0, e.indexOf(':'));
    }
    return e.isEmpty() ? Optional.empty() : Optional.of(e);
  }
}
