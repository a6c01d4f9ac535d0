package io.talus.master.state;

import static io.talus.protocol.json.state.StateJsonFields.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /master/state} (and {@code /state}): Mesos 1.11's master state JSON, old naming
 * ({@code slaves}, {@code slave_id}) and all, so that Mesos tooling and UIs read it unchanged.
 *
 * <p>Where Talus differs from Mesos's model:
 *
 * <ul>
 *   <li>{@code version} is the Mesos release whose API Talus speaks ({@link #MESOS_VERSION});
 *       Talus's own version is {@code talus_version}. Build facts ({@code version}, {@code
 *       git_sha}, {@code build_date}, {@code build_time}, {@code build_user}) are read from the
 *       master's flags of those names, which is how the daemon hands them in; absent ones are
 *       omitted ({@code git_sha}) or empty, as a Mesos built without them shows.
 *   <li>{@code cluster} is the registry's cluster id.
 *   <li>An agent is registered (listed in {@code slaves}) and {@code active} while its record is
 *       ACTIVE; Talus has no operator deactivation or draining, so {@code deactivated_slaves} is 0.
 *       UNREACHABLE agents only count in {@code unreachable_slaves}; GONE ones appear nowhere.
 *   <li>Frameworks the registry holds as ACTIVE or DISCONNECTED are in {@code frameworks}, REMOVED
 *       ones in {@code completed_frameworks}; see {@link FrameworkJson} for their flags.
 * </ul>
 *
 * <p>A pure function of the view: no clock, no IO.
 */
public final class StateJson {

  /** The Mesos release whose v1 APIs (and therefore this JSON) Talus follows. */
  public static final String MESOS_VERSION = "1.11.0";

  /** Flags the daemon sets to pass its build facts in. */
  public static final String VERSION_FLAG = "version";

  public static final String GIT_SHA_FLAG = "git_sha";
  public static final String BUILD_DATE_FLAG = "build_date";
  public static final String BUILD_TIME_FLAG = "build_time";
  public static final String BUILD_USER_FLAG = "build_user";

  private StateJson() {}

  public static ObjectNode render(MasterView view) {
    Map<String, String> flags = view.flags();
    MasterInfo self = view.self();
    ObjectNode state = NODES.objectNode();
    state.put("version", MESOS_VERSION);
    if (flags.containsKey(VERSION_FLAG)) {
      state.put("talus_version", flags.get(VERSION_FLAG));
    }
    if (flags.containsKey(GIT_SHA_FLAG)) {
      state.put("git_sha", flags.get(GIT_SHA_FLAG));
    }
    state.put("build_date", flags.getOrDefault(BUILD_DATE_FLAG, ""));
    state.put("build_time", buildTime(flags.get(BUILD_TIME_FLAG)));
    state.put("build_user", flags.getOrDefault(BUILD_USER_FLAG, ""));
    state.put("start_time", StateJsonFields.seconds(view.startTimeNanos()));
    if (view.elected() && view.electedTimeNanos().isPresent()) {
      state.put(
          "elected_time", StateJsonFields.seconds(view.electedTimeNanos().getAsLong()));
    }
    state.put("id", self.getId());
    state.put("pid", masterPid(self));
    state.put("hostname", masterHostname(self));
    state.set(
        "capabilities",
        StateJsonFields.names(
            self.getCapabilitiesList().stream().map(c -> c.getType()).toList()));

    int activated = 0;
    int unreachable = 0;
    ArrayNode slaves = NODES.arrayNode();
    for (AgentView agent : view.agents()) {
      AgentRecord.State s = agent.record().getState();
      if (s == AgentRecord.State.ACTIVE) {
        activated++;
        slaves.add(slave(agent));
      } else if (s == AgentRecord.State.UNREACHABLE) {
        unreachable++;
      }
    }
    // Mesos computes these with its metrics gauges, which are doubles.
    state.put("activated_slaves", (double) activated);
    state.put("deactivated_slaves", 0.0);
    state.put("unreachable_slaves", (double) unreachable);
    if (self.hasDomain()) {
      state.set("domain", StateJsonFields.proto(self.getDomain()));
    }
    view.leader()
        .ifPresent(
            leader -> {
              state.put("leader", masterPid(leader));
              state.set("leader_info", masterInfo(leader));
            });
    view.clusterId().ifPresent(id -> state.put("cluster", id));
    ObjectNode flagsNode = state.putObject("flags");
    new TreeMap<>(flags).forEach(flagsNode::put);

    state.set("slaves", slaves);
    state.putArray("recovered_slaves");
    Map<String, List<TaskRecord>> completedTasks = new HashMap<>();
    for (TaskRecord t : view.completedTasks()) {
      completedTasks.computeIfAbsent(t.getFrameworkId().getValue(), k -> new ArrayList<>()).add(t);
    }
    ArrayNode frameworks = state.putArray("frameworks");
    ArrayNode completed = state.putArray("completed_frameworks");
    for (FrameworkView f : view.frameworks()) {
      List<TaskRecord> itsCompleted = completedTasks.getOrDefault(f.id(), List.of());
      if (FrameworkJson.registered(f)) {
        frameworks.add(FrameworkJson.framework(f, itsCompleted));
      } else if (f.record().getState() == FrameworkRecord.State.REMOVED) {
        completed.add(FrameworkJson.framework(f, itsCompleted));
      }
    }
    state.putArray("orphan_tasks");
    state.putArray("unregistered_frameworks");
    return state;
  }

  /** One registered agent, as Mesos's {@code SlaveWriter} writes it. */
  static ObjectNode slave(AgentView agent) {
    AgentRecord record = agent.record();
    AgentInfo info = record.getInfo();
    Resources total = Resources.of(info.getResourcesList());
    ObjectNode node = NODES.objectNode();
    node.put("id", agent.id());
    node.put("pid", slavePid(record));
    node.put("hostname", info.getHostname());
    node.put("port", info.getPort());
    node.put("registered_time", StateJsonFields.seconds(record.getRegisteredTimeNanos()));
    if (record.hasReregisteredTimeNanos()) {
      node.put(
          "reregistered_time", StateJsonFields.seconds(record.getReregisteredTimeNanos()));
    }
    node.set("resources", StateJsonFields.resources(total));
    node.set("used_resources", StateJsonFields.resources(agent.used()));
    node.set("offered_resources", StateJsonFields.resources(agent.offered()));
    node.set("reserved_resources", StateJsonFields.reservedResources(total));
    node.set(
        "unreserved_resources", StateJsonFields.resources(StateJsonFields.unreserved(total)));
    node.set("attributes", StateJsonFields.attributes(info.getAttributesList()));
    node.put("active", record.getState() == AgentRecord.State.ACTIVE);
    node.put("version", record.getVersion());
    node.putArray("capabilities");
    if (info.hasDomain()) {
      node.set("domain", StateJsonFields.proto(info.getDomain()));
    }
    return node;
  }

  /** Mesos's agent pid, {@code slave(1)@host:port}, from the endpoint the agent registered. */
  static String slavePid(AgentRecord record) {
    return AgentEndpoints.pid(record);
  }

  /** Mesos's {@code json(JSON::ObjectWriter*, const MasterInfo&)}: id, pid, port, hostname. */
  static ObjectNode masterInfo(MasterInfo info) {
    ObjectNode node = NODES.objectNode();
    node.put("id", info.getId());
    node.put("pid", masterPid(info));
    node.put("port", info.getPort());
    node.put("hostname", masterHostname(info));
    if (info.hasDomain()) {
      node.set("domain", StateJsonFields.proto(info.getDomain()));
    }
    return node;
  }

  /** {@code master@ip:port}: MasterInfo's pid if set, else built from its address. */
  static String masterPid(MasterInfo info) {
    if (info.hasPid() && !info.getPid().isEmpty()) {
      return info.getPid();
    }
    String host;
    if (info.hasAddress() && info.getAddress().hasIp()) {
      host = info.getAddress().getIp();
    } else if (info.getIp() != 0) {
      host = ipv4(info.getIp());
    } else {
      host = masterHostname(info);
    }
    int port = info.hasAddress() && info.getAddress().hasPort()
        ? info.getAddress().getPort()
        : info.getPort();
    return "master@" + host + ":" + port;
  }

  static String masterHostname(MasterInfo info) {
    if (info.hasHostname()) {
      return info.getHostname();
    }
    if (info.hasAddress() && info.getAddress().hasHostname()) {
      return info.getAddress().getHostname();
    }
    return info.hasAddress() && info.getAddress().hasIp()
        ? info.getAddress().getIp()
        : ipv4(info.getIp());
  }

  /**
   * MasterInfo.ip as Mesos fills it: {@code in_addr.s_addr}, network byte order read as a
   * little-endian integer, so the first octet is the lowest byte.
   */
  private static String ipv4(int ip) {
    return (ip & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + (ip >>> 24);
  }

  /** Mesos's build_time is seconds since the epoch, a number. */
  private static double buildTime(String flag) {
    if (flag == null) {
      return 0.0;
    }
    try {
      return Double.parseDouble(flag);
    } catch (NumberFormatException e) {
      return 0.0;
    }
  }
}
