package io.talus.master.state;

import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.Flag;
import io.talus.mesos.v1.Protos.Metric;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.VersionInfo;
import io.talus.mesos.v1.master.Protos.Call;
import io.talus.mesos.v1.master.Protos.Response;
import io.talus.mesos.v1.master.Protos.Response.GetAgents;
import io.talus.mesos.v1.master.Protos.Response.GetFlags;
import io.talus.mesos.v1.master.Protos.Response.GetFrameworks;
import io.talus.mesos.v1.master.Protos.Response.GetHealth;
import io.talus.mesos.v1.master.Protos.Response.GetMaster;
import io.talus.mesos.v1.master.Protos.Response.GetMetrics;
import io.talus.mesos.v1.master.Protos.Response.GetState;
import io.talus.mesos.v1.master.Protos.Response.GetVersion;
import io.talus.protocol.json.state.StateJsonFields;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import java.util.TreeMap;

/**
 * {@code POST /api/v1}: the operator calls Talus answers, each from a {@link MasterView}.
 *
 * <p>Implemented: GET_HEALTH, GET_FLAGS, GET_VERSION, GET_METRICS (the {@link MetricsSnapshot}
 * gauges), GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS and GET_MASTER. Every
 * other call (SUBSCRIBE, which streams, is served by the HTTP layer) is 501 Not Implemented;
 * a call without a type is 400, as Mesos's validation says.
 *
 * <p>How the registry maps onto Mesos's answers:
 *
 * <ul>
 *   <li>{@code agents} lists ACTIVE agents; Mesos lists unreachable agents nowhere in GET_AGENTS
 *       and neither does Talus, nor GONE ones. {@code recovered_agents} is always empty: an agent
 *       the registry holds as ACTIVE is listed as registered.
 *   <li>{@code frameworks} lists ACTIVE and DISCONNECTED records, {@code completed_frameworks}
 *       REMOVED ones; {@code active}, {@code connected} and {@code recovered} are defined as in
 *       {@code /master/state} ({@link FrameworkJson}), except that only an elected master reports
 *       a framework as recovered, since only it is waiting for frameworks to resubscribe.
 *   <li>Tasks: see {@link OperatorTasks}.
 * </ul>
 *
 * <p>A pure function of the call and the view: no clock, no IO.
 */
public final class OperatorApi {

  private OperatorApi() {}

  /**
   * @param version what GET_VERSION answers, built by the caller from the daemon's build facts
   */
  public static OperatorReply answer(Call call, MasterView view, VersionInfo version) {
    if (!call.hasType()) {
      return OperatorReply.error(OperatorReply.BAD_REQUEST, "Expecting 'type' to be present");
    }
    Response.Builder response = Response.newBuilder();
    switch (call.getType()) {
      case GET_HEALTH:
        response
            .setType(Response.Type.GET_HEALTH)
            .setGetHealth(GetHealth.newBuilder().setHealthy(true));
        break;
      case GET_FLAGS:
        response.setType(Response.Type.GET_FLAGS).setGetFlags(flags(view));
        break;
      case GET_VERSION:
        response
            .setType(Response.Type.GET_VERSION)
            .setGetVersion(GetVersion.newBuilder().setVersionInfo(version));
        break;
      case GET_METRICS:
        response.setType(Response.Type.GET_METRICS).setGetMetrics(metrics(view));
        break;
      case GET_STATE:
        response
            .setType(Response.Type.GET_STATE)
            .setGetState(
                GetState.newBuilder()
                    .setGetTasks(OperatorTasks.tasks(view))
                    .setGetExecutors(OperatorTasks.executors(view))
                    .setGetFrameworks(frameworks(view))
                    .setGetAgents(agents(view)));
        break;
      case GET_AGENTS:
        response.setType(Response.Type.GET_AGENTS).setGetAgents(agents(view));
        break;
      case GET_FRAMEWORKS:
        response.setType(Response.Type.GET_FRAMEWORKS).setGetFrameworks(frameworks(view));
        break;
      case GET_EXECUTORS:
        response
            .setType(Response.Type.GET_EXECUTORS)
            .setGetExecutors(OperatorTasks.executors(view));
        break;
      case GET_TASKS:
        response.setType(Response.Type.GET_TASKS).setGetTasks(OperatorTasks.tasks(view));
        break;
      case GET_MASTER:
        response.setType(Response.Type.GET_MASTER).setGetMaster(master(view));
        break;
      default:
        return OperatorReply.error(
            OperatorReply.NOT_IMPLEMENTED,
            "Talus does not implement operator call " + call.getType().name());
    }
    return OperatorReply.ok(response.build());
  }

  static GetAgents agents(MasterView view) {
    GetAgents.Builder out = GetAgents.newBuilder();
    for (AgentView agent : view.agents()) {
      AgentRecord record = agent.record();
      if (record.getState() != AgentRecord.State.ACTIVE) {
        continue;
      }
      GetAgents.Agent.Builder a =
          GetAgents.Agent.newBuilder()
              .setAgentInfo(record.getInfo())
              .setActive(true)
              // Talus has no operator deactivation or draining.
              .setDeactivated(false)
              .setVersion(record.getVersion())
              .setPid(agentPid(record))
              .setRegisteredTime(time(record.getRegisteredTimeNanos()))
              .addAllTotalResources(record.getInfo().getResourcesList())
              .addAllAllocatedResources(agent.used().toList())
              .addAllOfferedResources(agent.offered().toList());
      if (record.hasReregisteredTimeNanos()) {
        a.setReregisteredTime(time(record.getReregisteredTimeNanos()));
      }
      out.addAgents(a);
    }
    return out.build();
  }

  static GetFrameworks frameworks(MasterView view) {
    GetFrameworks.Builder out = GetFrameworks.newBuilder();
    for (FrameworkView f : view.frameworks()) {
      FrameworkRecord record = f.record();
      GetFrameworks.Framework.Builder framework =
          GetFrameworks.Framework.newBuilder()
              .setFrameworkInfo(record.getInfo())
              .setActive(FrameworkJson.active(f))
              .setConnected(FrameworkJson.connected(f))
              .setRecovered(view.elected() && FrameworkJson.recovered(f))
              .setRegisteredTime(time(record.getRegisteredTimeNanos()));
      if (record.hasReregisteredTimeNanos()) {
        framework.setReregisteredTime(time(record.getReregisteredTimeNanos()));
      }
      if (FrameworkJson.registered(f)) {
        framework
            .addAllOffers(f.offers())
            .addAllAllocatedResources(f.used().toList())
            .addAllOfferedResources(f.offered().toList());
        out.addFrameworks(framework);
      } else if (record.getState() == FrameworkRecord.State.REMOVED) {
        if (record.hasRemovedTimeNanos()) {
          framework.setUnregisteredTime(time(record.getRemovedTimeNanos()));
        }
        out.addCompletedFrameworks(framework);
      }
    }
    return out.build();
  }

  static GetMaster master(MasterView view) {
    GetMaster.Builder out =
        GetMaster.newBuilder()
            .setMasterInfo(view.elected() ? view.leader().orElse(view.self()) : view.self())
            .setStartTime(StateJsonFields.seconds(view.startTimeNanos()));
    if (view.elected() && view.electedTimeNanos().isPresent()) {
      out.setElectedTime(StateJsonFields.seconds(view.electedTimeNanos().getAsLong()));
    }
    return out.build();
  }

  static GetMetrics metrics(MasterView view) {
    GetMetrics.Builder out = GetMetrics.newBuilder();
    MetricsSnapshot.render(view)
        .forEach(
            (name, value) ->
                out.addMetrics(
                    Metric.newBuilder().setName(name).setValue(value.doubleValue())));
    return out.build();
  }

  static GetFlags flags(MasterView view) {
    GetFlags.Builder out = GetFlags.newBuilder();
    new TreeMap<>(view.flags())
        .forEach((name, value) -> out.addFlags(Flag.newBuilder().setName(name).setValue(value)));
    return out.build();
  }

  /**
   * Mesos's agent pid, {@code slave(1)@host:port}, from the endpoint the agent registered, which
   * may be a base URL ({@code http://10.0.0.11:5051/}) or {@code host:port}.
   */
  static String agentPid(AgentRecord record) {
    return AgentEndpoints.pid(record);
  }

  private static TimeInfo time(long nanos) {
    return TimeInfo.newBuilder().setNanoseconds(nanos).build();
  }
}
